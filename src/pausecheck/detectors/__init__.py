"""Detector kinds: each finds hits of one kind and owns its options model.

Detectors never import the policy pack or the engine: they are built from their options and a
:class:`~pausecheck.detectors.base.PackResources`, and run on an
:class:`~pausecheck.detectors.base.Inspection` of one post.
"""
