"""OCR benchmark: ``python -m ocr.bench [--quick] [--json PATH]``.

Runs the full reading pipeline, the raw PP-OCR engine (with this package's classification and
extraction) and Tesseract over the deterministic synthetic corpus and the samples in
tests/samples, and prints per-type field accuracy, character error rate, document-type
accuracy and latency, the ratios against Tesseract, and MET / NOT MET for each target.
"""
