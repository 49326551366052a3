"""Corpus mode: many articles in, combined Parquet/CSV tables out, in parallel and resumable."""
