"""The alerter: enriched articles matched against watch rules and grouped into stories; alerts out."""
