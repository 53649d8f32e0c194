"""Team figures: each member's and each subtree's service figures, kept by the worker from the events."""
