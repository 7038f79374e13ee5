"""The coordinator's picture of the network: health, charts and the periodic report."""
