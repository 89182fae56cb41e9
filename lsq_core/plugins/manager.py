"""The plugin manager: one object per application that loads, checks and calls plugins.

Shaped after tox 4's ``tox.plugin.manager.Plugin``: it owns a
``pluggy.PluginManager``, registers plugins in a fixed order, checks that every
implementation matches a spec, and wraps every hook in a typed method so the
rest of the core never touches ``pm.hook`` directly.

Order of registration:

1. the in-tree plugins (basic_ed, vocational), found through the ``lsq.plugins``
   entry-point group exactly like a third-party package;
2. every other installed ``lsq.plugins`` entry point;
3. the modules of the drop-in folder (``PLUGINS_DIR``, default ``./plugins``);
4. the core's own default plugins (``CORE_PLUGINS``: the built-in exporters), registered
   through the same hooks as any plugin (Datasette's default plugins). They come last so
   the plugin list starts with the education plugins; their contributions are sorted first.

A plugin that fails to import, or implements a hook that does not exist, is
logged and skipped; it does not take the site down. A duplicate identifier in a
registry is a real conflict and stops start-up (``StartupError``).
"""

from __future__ import annotations

import importlib
import importlib.metadata
import logging
import sys
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Iterable

import pluggy

from lsq_core.plugins import ENTRY_POINT_GROUP, NAME, hookspecs
from lsq_core.plugins.registries import (
    CurriculumRegistry,
    DocumentTypeRegistry,
    EducationTypeRegistry,
    ExporterRegistry,
    GradingScaleRegistry,
    GraduationRuleRegistry,
    RoleGrants,
    StartupError,
)

log = logging.getLogger(__name__)

#: In-tree plugins, loaded first. They are entry points like any other.
DEFAULT_PLUGINS = ("basic_ed", "vocational")
#: the core's own hook implementations, plugin name → module (registered like a plugin)
CORE_PLUGINS = {"lsq_core.exports": "lsq_core.exports.default"}

__all__ = ["LsqPlugins", "PluginInfo", "StartupError", "DEFAULT_PLUGINS"]


@dataclass
class PluginInfo:
    name: str
    source: str  # "entry point", "drop-in", "core", "registered"
    module: str
    version: str = ""
    hooks: list[str] = field(default_factory=list)


@dataclass
class LoadFailure:
    name: str
    source: str
    error: str


class LsqPlugins:
    """Loads the plugins of one application and calls their hooks."""

    def __init__(self, disabled: Iterable[str] = (), plugins_dir: str | Path | None = None,
                 trace: bool = False) -> None:
        self.pm = pluggy.PluginManager(NAME)
        self.pm.add_hookspecs(hookspecs)
        self.disabled = set(disabled)
        self.plugins_dir = Path(plugins_dir) if plugins_dir else None
        self.sources: dict[str, PluginInfo] = {}
        self.failures: list[LoadFailure] = []
        if trace:
            self.pm.trace.root.setwriter(lambda msg: log.info("plugin trace: %s", msg.rstrip()))
            self.pm.enable_tracing()

    # --- loading ---------------------------------------------------------

    def load(self) -> "LsqPlugins":
        self._load_entry_points()
        if self.plugins_dir is not None:
            self._load_dropins(self.plugins_dir)
        self._load_core()
        self._check_pending()
        return self

    def _entry_points(self) -> list[importlib.metadata.EntryPoint]:
        eps = list(importlib.metadata.entry_points(group=ENTRY_POINT_GROUP))
        # in-tree plugins first, in their fixed order; others by name
        def order(ep):
            if ep.name in DEFAULT_PLUGINS:
                return (0, DEFAULT_PLUGINS.index(ep.name), ep.name)
            return (1, 0, ep.name)
        return sorted(eps, key=order)

    def _load_entry_points(self) -> None:
        seen = set()
        for ep in self._entry_points():
            if ep.name in seen or ep.name in self.disabled or self.pm.get_plugin(ep.name) is not None:
                continue
            seen.add(ep.name)
            try:
                plugin = ep.load()
            except Exception as exc:  # noqa: BLE001 - one bad plugin must not stop the site
                log.exception("LSQ plugin %r (entry point %s) failed to load; skipped", ep.name, ep.value)
                self.failures.append(LoadFailure(ep.name, "entry point", f"{type(exc).__name__}: {exc}"))
                continue
            version = ep.dist.version if ep.dist is not None else ""
            self._register_checked(plugin, ep.name, "entry point", version)
        missing = [name for name in DEFAULT_PLUGINS if name not in seen and name not in self.disabled]
        if missing:
            log.warning("in-tree plugins %s are not installed as entry points; run `pip install -e .`", missing)

    def _load_dropins(self, folder: Path) -> None:
        if not folder.is_dir():
            return
        for path in sorted(folder.glob("*.py")):
            name = path.stem
            if name.startswith("_") or name in self.disabled:
                continue
            try:
                module = _import_from_folder(folder, name)
            except Exception as exc:  # noqa: BLE001
                log.exception("LSQ drop-in plugin %s failed to import; skipped", path)
                self.failures.append(LoadFailure(name, "drop-in", f"{type(exc).__name__}: {exc}"))
                continue
            self._register_checked(module, name, "drop-in")

    def _load_core(self) -> None:
        for name, module in CORE_PLUGINS.items():
            if name not in self.disabled and self.pm.get_plugin(name) is None:
                self._register_checked(importlib.import_module(module), name, "core")

    def _register_checked(self, plugin: object, name: str, source: str, version: str = "") -> None:
        try:
            self.register(plugin, name=name, source=source, version=version)
        except pluggy.PluginValidationError as exc:
            log.error("LSQ plugin %r does not match the hook specs (%s); skipped", name, exc)
            self.failures.append(LoadFailure(name, source, str(exc)))

    def register(self, plugin: object, name: str | None = None, source: str = "registered",
                 version: str = "") -> str:
        """Register a plugin object (a module or an instance with hookimpls)."""
        name = self.pm.register(plugin, name=name)
        module = plugin.__name__ if isinstance(plugin, ModuleType) else type(plugin).__module__
        self.sources[name] = PluginInfo(name=name, source=source, module=module, version=version)
        return name

    def unregister(self, name: str) -> None:
        self.pm.unregister(name=name)
        self.sources.pop(name, None)

    def _check_pending(self) -> None:
        """Unregister (and log) plugins that implement hooks with no spec, then let pluggy check."""
        for name, plugin in list(self.pm.list_name_plugin()):
            unknown = sorted(c.name for c in self.pm.get_hookcallers(plugin) or [] if c.spec is None)
            if unknown:
                log.error("LSQ plugin %r implements unknown hooks %s; skipped", name, unknown)
                source = self.sources[name].source if name in self.sources else "registered"
                self.failures.append(LoadFailure(name, source, "unknown hooks: " + ", ".join(unknown)))
                self.unregister(name)
        self.pm.check_pending()

    def plugins(self) -> list[PluginInfo]:
        infos = []
        for name, plugin in self.pm.list_name_plugin():
            info = self.sources.get(name) or PluginInfo(name=name, source="registered", module="?")
            info.hooks = sorted({caller.name for caller in self.pm.get_hookcallers(plugin) or []})
            infos.append(info)
        return infos

    # --- typed hook wrappers ----------------------------------------------

    def _load_order(self) -> list[str]:
        return [self.sources[name].module.rsplit(".plugin", 1)[0] if name in self.sources else name
                for name, _ in self.pm.list_name_plugin()]

    def register_education_types(self) -> EducationTypeRegistry:
        registry = EducationTypeRegistry()
        self.pm.hook.lsq_register_education_types(registry=registry)
        registry.sort_by_origin(self._load_order())
        return registry

    def register_curricula(self, education_types: EducationTypeRegistry) -> CurriculumRegistry:
        registry = CurriculumRegistry(education_types)
        self.pm.hook.lsq_register_curricula(registry=registry)
        registry.sort_by_origin(self._load_order())
        return registry

    def register_grading_scales(self) -> GradingScaleRegistry:
        registry = GradingScaleRegistry()
        self.pm.hook.lsq_register_grading_scales(registry=registry)
        registry.sort_by_origin(self._load_order())
        return registry

    def register_graduation_rules(self) -> GraduationRuleRegistry:
        registry = GraduationRuleRegistry()
        self.pm.hook.lsq_register_graduation_rules(registry=registry)
        registry.sort_by_origin(self._load_order())
        return registry

    def register_document_types(self) -> DocumentTypeRegistry:
        registry = DocumentTypeRegistry()
        self.pm.hook.lsq_register_document_types(registry=registry)
        registry.sort_by_origin(self._load_order())
        return registry

    def register_exporters(self) -> ExporterRegistry:
        registry = ExporterRegistry()
        self.pm.hook.lsq_register_exporters(registry=registry)
        registry.sort_by_origin([*CORE_PLUGINS.values(), *self._load_order()])  # the core's first
        return registry

    def register_role_grants(self) -> RoleGrants:
        grants = RoleGrants()
        self.pm.hook.lsq_register_role_grants(grants=grants)
        return grants

    def translation_dirs(self) -> list[str]:
        dirs: list[str] = []
        for result in reversed(self.pm.hook.lsq_translation_dirs()):  # registration order
            dirs.extend(result or [])
        return [d for d in dirs if Path(d).is_dir()]

    def render_pdf(self, html: str, template_dir: Path) -> bytes | None:
        return self.pm.hook.lsq_render_pdf(html=html, template_dir=template_dir)

    def load_demo(self, demo) -> None:
        self.pm.hook.lsq_load_demo(demo=demo)

    def register_views(self, appbuilder) -> None:
        self.pm.hook.lsq_register_views(appbuilder=appbuilder)

    def register_commands(self, cli) -> None:
        self.pm.hook.lsq_register_commands(cli=cli)

    def app_ready(self, app) -> None:
        self.pm.hook.lsq_app_ready(app=app)


#: module names this process imported as drop-ins (an earlier app's copy may be replaced)
_DROPIN_MODULES: set[str] = set()


def _import_from_folder(folder: Path, name: str) -> ModuleType:
    """Import ``folder/name.py`` as module ``name``, allowing sibling imports (tox's inline loader)."""
    if name in sys.modules:
        if name not in _DROPIN_MODULES:
            raise ImportError(f"drop-in plugin name {name!r} clashes with an installed module")
        del sys.modules[name]  # stale copy from an earlier app in this process
    _DROPIN_MODULES.add(name)
    sys.path.insert(0, str(folder))
    try:
        return importlib.import_module(name)
    finally:
        sys.path.remove(str(folder))
