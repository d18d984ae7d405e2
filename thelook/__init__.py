"""theLook analytics platform: shared settings, warehouse connection and command line."""

from thelook.environment import apply_defaults

apply_defaults()
