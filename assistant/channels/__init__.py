"""Rasa input channels of this project and the signing of caller identity they verify."""
