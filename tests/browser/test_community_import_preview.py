"""The communities import preview in a real Voila server (issue 13): a person sees each
row's point and what reading changed before adding anything."""

from pathlib import Path

PAGE = "01_kogukonnad.ipynb"
ROUGE = "Tiina Tamm"  # Rõuge team
AREAS = (Path(__file__).parent.parent / "fixtures" / "import" / "areas.geojson").read_bytes()


def test_an_area_and_swapped_coordinates_are_said_in_the_preview(voila, page):
    pw = page.open(voila.url_for(ROUGE, PAGE))
    pw.wait_for_selector(".wb-map .leaflet-container")
    pw.click(".wb-import-box .p-Accordion-title, .wb-import-box .lm-AccordionPanel-title, "
             ".wb-import-box .jupyter-widget-Collapse-header")
    with pw.expect_file_chooser() as chooser:
        pw.click(".wb-upload")
    chooser.value.set_files(files=[{"name": "alad.geojson", "mimeType": "application/json",
                                    "buffer": AREAS}])
    pw.wait_for_selector(".wb-import-good")
    kärla = pw.inner_text(".wb-import-good tr:has-text('Kärla küla')")
    assert "58,33000, 22,21500" in kärla
    assert "ala (Polygon) imporditi punktina ala sees; ala piiri ei salvestata" in kärla
    assert "Lisa kogukonnad (3)" in pw.inner_text(".wb-import-confirm")
    with pw.expect_file_chooser() as chooser:
        pw.click(".wb-upload")
    text = "Nimi;Liik;Laius;Pikkus\r\nTagurpidi;küla;27,0500;57,7500\r\n".encode("cp1257")
    chooser.value.set_files(files=[{"name": "kogukonnad.csv", "mimeType": "text/csv",
                                    "buffer": text}])
    row = pw.wait_for_selector(".wb-import-good tr:has-text('Tagurpidi')")
    assert "57,75000, 27,05000" in row.inner_text()
    assert "laius ja pikkus olid vahetuses, parandatud" in row.inner_text()
