"""Verification methods: each finding is the output of a method that runs on any article.

The curated tables in ``data/`` (office-holders, on-record statements, the documented record, the
content-network pages) are the *evidence* these methods consult and the *answer key* the tests check
against; no finding is copied from them into a report.

* :mod:`kit.verify.officials`: is the person named with an office the one who held it that day?
* :mod:`kit.verify.statements`: are the quoted words on record for that speaker?
* :mod:`kit.verify.omissions`: what did the record hold, just before publication, that the article leaves out?
* :mod:`kit.verify.reuse`: which passages two texts share; which texts of a set are near-copies.
* :mod:`kit.verify.worksheet`: the unsourced claims a reporter still has to check, as a worksheet.
* :mod:`kit.verify.findings`: all of the above in one table.
"""
