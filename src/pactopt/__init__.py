"""pactopt: investment-allocation optimiser for public digital investment pacts."""

__version__ = "0.1.0"
