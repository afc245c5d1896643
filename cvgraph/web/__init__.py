"""The web outputs: homepage JSON-LD, Google Scholar tags, the profile page."""
