"""Exit codes of the newsmon command: they say what happened."""

OK = 0
INPUT_SKIPPED = 1  # the run finished, but some inputs were skipped (each named on stderr)
UNAVAILABLE = 2  # Kafka (or another required service) could not be reached
CONFIG = 3  # a setting or data file is invalid
OUTPUT_FAILED = 120  # the output could not be written (a full disk), as Python itself exits then
INTERRUPTED = 130  # stopped by Ctrl-C / SIGINT
PIPE_CLOSED = 141  # the reader of the output went away (`| head`), as a tool stopped by SIGPIPE
