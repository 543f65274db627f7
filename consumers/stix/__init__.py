"""STIX 2.1 for every story revision, built with the `stix2` library (no hand-built JSON).

    ids        deterministic UUIDv5 ids and the times of a revision's objects
    extension  newsmon as the author, and the extension declaring the `x_newsmon_*` properties
    story      the report and the event (a campaign), their description and facts
    actors     groups as intrusion sets (aliases from the catalog), states as identities or countries
    places     where it happened, as a location
    relations  attributed-to, targets, located-at (and related-to where STIX suggests nothing else)
    bundle     one alert -> its bundle, and the exact bytes a webhook carries

The mapping table is in docs/integrations.md.
"""

from consumers.stix.bundle import StoryObjects, bundle, bundle_bytes, story_objects

MEDIA_TYPE = "application/stix+json;version=2.1"

__all__ = ["MEDIA_TYPE", "StoryObjects", "bundle", "bundle_bytes", "story_objects"]
