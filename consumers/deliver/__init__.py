"""The deliverer: alerts sent to webhook endpoints, signed, retried on a schedule, dead-lettered."""
