"""Consumers: the enricher and the alerter, reading from Kafka topics."""
