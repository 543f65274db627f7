"""Producers: the seed replayer and the feed poller, both publishing RawArticle records."""
