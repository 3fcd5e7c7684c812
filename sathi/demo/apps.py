from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Synthetic data only: the demo seed and the bulk generators, kept out of the domain apps."""

    name = "sathi.demo"
    label = "demo"
