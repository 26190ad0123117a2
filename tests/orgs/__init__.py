"""The organisations the unit tests share, each built with :mod:`tests.builder`."""
