"""Parley's Qt interface: windows, dialogs and models. It talks to ``app`` services only."""
