"""The help the window shows (F1) is the README: where it is found, and its sections."""

from __future__ import annotations

from pathlib import Path

from swat_desktop.help_text import find_readme, readme_text, sections

ROOT = Path(__file__).resolve().parents[2]


def test_sections_are_the_level_two_headings_and_code_is_not_a_heading() -> None:
    text = ("# Título\n\nintro\n\n## Uno\n\nuno\n\n### Uno y medio\n\nmedio\n\n```sh\n"
            "## no es un título\nswat-desktop --version\n```\n\n## Dos ##\n\ndos\n")
    found = sections(text)
    assert [s.title for s in found] == ["Uno", "Dos"]
    assert found[0].markdown == ("## Uno\n\nuno\n\n### Uno y medio\n\nmedio\n\n```sh\n"
                                 "## no es un título\nswat-desktop --version\n```\n")
    assert found[1].markdown == "## Dos ##\n\ndos\n"


def test_the_readme_of_this_checkout_is_the_help() -> None:
    found = readme_text()
    assert found is not None
    assert found.source == str(ROOT / "README.md")
    titles = [s.title for s in sections(found.markdown)]
    for expected in ("Instalación", "Línea de comandos", "Mal escalados", "Inoperatividad",
                     "Identidad de usuario", "Desarrollo"):
        assert expected in titles
    assert "o bien" not in titles  # the "# o bien" comment of a shell example


def test_a_bundle_reads_the_readme_beside_its_executable(tmp_path: Path) -> None:
    bundle = tmp_path / "_internal"
    package = bundle / "swat_desktop"
    package.mkdir(parents=True)
    (bundle / "README.md").write_text("## Del paquete\n\ntexto\n", encoding="utf-8")
    found = find_readme(package, bundle)
    assert found is not None
    assert (found.markdown, found.source) == ("## Del paquete\n\ntexto\n",
                                              str(bundle / "README.md"))


def test_a_readme_lying_in_site_packages_is_not_taken_for_ours(tmp_path: Path) -> None:
    site = tmp_path / "site-packages"
    (site / "swat_desktop").mkdir(parents=True)
    (site / "README.md").write_text("## De otro paquete\n", encoding="utf-8")
    found = find_readme(site / "swat_desktop", None)
    # Not that file: the installed package's metadata (this test's editable install).
    assert found is None or found.source == "metadatos del paquete swat-desktop"
