"""kmsheets: the shared sheet of a Thai provincial KM programme, its official letters and their endorsements."""

__version__ = "0.1.0"
