"""``flask catalog check`` and ``flask catalog show ID``: review the matter catalog from the shell."""
from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from kiosk.domain.catalog import DEFAULT_DIR, CatalogError, Matter, load_catalog
from kiosk.domain.catalog.conditions import uncovered
from kiosk.domain.catalog.examples import run_examples

catalog_cli = AppGroup("catalog", help="Check and show the matter catalog.")


def _catalog_dir() -> Path:
    return Path(current_app.config.get("CATALOG_DIR") or DEFAULT_DIR)


@catalog_cli.command("check")
def check() -> None:
    """Validate every catalog file and run every example case; exit 1 on any failure.

    Also lists, as warnings, conditions a matter's description states that no rule covers.
    """
    root = _catalog_dir()
    try:
        catalog = load_catalog(root)
    except CatalogError as exc:
        for problem in exc.problems:
            click.echo(f"ERROR {problem}", err=True)
        click.echo(f"{len(exc.problems)} problem(s) in {root}", err=True)
        sys.exit(1)
    results, problems = run_examples(catalog)
    for problem in problems:
        click.echo(f"ERROR {problem}", err=True)
    failed = [r for r in results if not r.passed]
    for r in failed:
        click.echo(f"FAIL {r.file}: {r.matter_id}: {r.name}: {r.detail}", err=True)
    unruled = [u for m in catalog.matters.values() for u in uncovered(m)]
    for u in unruled:
        click.echo(f"WARN {u}", err=True)
    click.echo(f"{len(catalog.matters)} matters, {len(catalog.bundles)} bundles, "
               f"{len(results)} example cases: {len(results) - len(failed)} passed, {len(failed)} failed"
               + (f", {len(problems)} file problem(s)" if problems else "")
               + (f"; {len(unruled)} description condition(s) without a rule" if unruled else ""))
    if failed or problems:
        sys.exit(1)


@catalog_cli.command("show")
@click.argument("matter_id", metavar="ID_OR_QUERY")
@click.option("--lang", default="zh-CN", show_default=True, help="zh-CN or en")
def show(matter_id: str, lang: str) -> None:
    """Print a matter as a citizen would read it (by id, or by a search that finds just one)."""
    try:
        catalog = load_catalog(_catalog_dir())
    except CatalogError as exc:
        raise click.ClickException(str(exc)) from None
    found = catalog.search(matter_id)
    if matter_id not in catalog and len(found) == 1:
        matter_id = found[0].id
    if matter_id not in catalog:
        raise click.ClickException(f"no matter {matter_id!r}; try one of: {', '.join(sorted(m.id for m in catalog.all()))}")
    matter = catalog.get(matter_id)
    click.echo(render(matter, lang, [catalog.get(m).name.get(lang) for m in matter.bundle_of]))


def render(matter: Matter, lang: str, member_names: list[str] = ()) -> str:
    en = lang.lower().startswith("en")

    def t(text) -> str:
        return text.get(lang)

    lines = [t(matter.name), t(matter.description), "",
             f"{'Department' if en else '办理部门'}: {t(matter.department)}",
             f"{'Processing time' if en else '承诺时限'}: {matter.promised_days} "
             f"{'working days' if en else '个工作日'}"]
    if member_names:
        lines.append(f"{'Includes' if en else '包含事项'}: {'; '.join(member_names)}")
    if matter.instant_approval.allowed:
        lines.append("Can be approved on the spot" if en else "符合条件可即时办结（秒办）")
    lines += ["", "Materials:" if en else "申请材料："]
    for i, m in enumerate(matter.materials, 1):
        notes = []
        if not m.required:
            notes.append("if applicable" if en else "如适用")
        if m.original_required:
            notes.append("original into the locker" if en else "原件投递至智能柜")
        if m.deferrable:
            notes.append("may be supplied later" if en else "可容缺后补")
        if m.replaceable:
            notes.append("may be replaced by a written commitment" if en else "可告知承诺")
        pages = " / ".join(t(p) for p in m.pages)
        lines.append(f"  {i}. {t(m.name)}{' (' + pages + ')' if pages else ''}"
                     f"{' [' + '; '.join(notes) + ']' if notes else ''}")
        lines.append(f"     {t(m.description)}")
    lines += ["", "Form:" if en else "填写信息："]
    for f in matter.fields:
        mark = "" if f.required else (" (optional)" if en else "（选填）")
        lines.append(f"  - {t(f.label)}{mark}{': ' + t(f.help) if f.help else ''}")
    return "\n".join(lines)
