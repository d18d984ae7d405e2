"""theLook analytics platform: shared settings, warehouse connection and command line."""

from thelook.quiet import silence_telemetry

silence_telemetry()
