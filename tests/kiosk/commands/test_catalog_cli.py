"""``flask catalog check`` and ``show`` against the shipped catalog and a broken copy."""
import shutil

import pytest
from flask import Flask

from kiosk.commands.catalog import catalog_cli
from kiosk.domain.catalog import DEFAULT_DIR


def _runner(catalog_dir):
    app = Flask(__name__)
    app.config["CATALOG_DIR"] = str(catalog_dir)
    app.cli.add_command(catalog_cli)
    return app.test_cli_runner()


def test_check_passes_on_the_shipped_catalog():
    result = _runner(DEFAULT_DIR).invoke(args=["catalog", "check"])
    assert result.exit_code == 0, result.output
    assert "0 failed" in result.output


def test_check_fails_on_a_broken_matter_and_names_the_line(tmp_path):
    shutil.copytree(DEFAULT_DIR, tmp_path / "catalog")
    matter = tmp_path / "catalog" / "matters" / "residence_permit.yaml"
    text = matter.read_text(encoding="utf-8").replace("promised_days: 10", "promised_days: ten")
    matter.write_text(text, encoding="utf-8")
    line = text.splitlines().index("promised_days: ten") + 1
    result = _runner(tmp_path / "catalog").invoke(args=["catalog", "check"])
    assert result.exit_code == 1
    assert f"residence_permit.yaml:{line}: promised_days" in result.output


def test_check_fails_when_an_example_expects_something_else(tmp_path):
    shutil.copytree(DEFAULT_DIR, tmp_path / "catalog")
    cases = tmp_path / "catalog" / "examples" / "residence_permit.yaml"
    cases.write_text(cases.read_text(encoding="utf-8").replace(
        "findings: [validity.expired, consistency.form_field]", "findings: [quality.glare]"), encoding="utf-8")
    result = _runner(tmp_path / "catalog").invoke(args=["catalog", "check"])
    assert result.exit_code == 1
    assert "FAIL" in result.output and "lease has expired" in result.output


@pytest.mark.parametrize("lang, words", [("zh-CN", ["居住证申领", "申请材料", "可容缺后补"]),
                                         ("en", ["Residence permit application", "Materials:", "supplied later"])])
def test_show_prints_the_matter_for_citizens(lang, words):
    result = _runner(DEFAULT_DIR).invoke(args=["catalog", "show", "residence_permit", "--lang", lang])
    assert result.exit_code == 0, result.output
    for word in words:
        assert word in result.output


def test_show_unknown_matter_lists_the_known_ones():
    result = _runner(DEFAULT_DIR).invoke(args=["catalog", "show", "no_such_matter"])
    assert result.exit_code != 0
    assert "residence_permit" in result.output


def test_show_finds_a_matter_by_pinyin_initials():
    result = _runner(DEFAULT_DIR).invoke(args=["catalog", "show", "jzz"])
    assert result.exit_code == 0 and result.output.startswith("居住证申领")


def test_check_lists_description_conditions_no_rule_covers(tmp_path):
    shutil.copytree(DEFAULT_DIR, tmp_path / "catalog")
    matter = tmp_path / "catalog" / "matters" / "senior_card.yaml"
    text = matter.read_text(encoding="utf-8")
    assert "covers: [居住满6个月]" in text
    matter.write_text(text.replace("    covers: [居住满6个月]\n", ""), encoding="utf-8")
    result = _runner(tmp_path / "catalog").invoke(args=["catalog", "check"])
    assert result.exit_code == 0, result.output      # a lint for the author, not a failure
    assert "WARN senior_card: no rule covers «非本市户籍老年人须在本市居住满6个月»" in result.output
    assert "without a rule" in result.output
