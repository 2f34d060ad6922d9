"""Site renderers, one module per CMS family."""
from __future__ import annotations

import importlib
import logging

from demoweb.sites.base import BaseSite, Item, Page

logger = logging.getLogger(__name__)

_CLASSES = {
    "payam": "demoweb.sites.payam:PayamSite",
    "sepehr": "demoweb.sites.sepehr:SepehrSite",
    "baran": "demoweb.sites.baran:BaranSite",
    "niroo": "demoweb.sites.niroo:NirooSite",
    "kar": "demoweb.sites.kar:KarSite",
    "aflak": "demoweb.sites.aflak:AflakSite",
}


def site_class(family: str) -> type[BaseSite]:
    """The renderer class of a CMS family."""
    try:
        module_name, class_name = _CLASSES[family].split(":")
    except KeyError:
        raise ValueError(f"unknown site family {family!r}; known: {', '.join(_CLASSES)}") from None
    return getattr(importlib.import_module(module_name), class_name)


__all__ = ["BaseSite", "Item", "Page", "site_class"]
