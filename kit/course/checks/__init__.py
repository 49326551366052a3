"""Exercise checks, one module per notebook (``nb01.py`` for notebook 01, ...).

Each module registers its exercises with :func:`kit.course.exercises.exercise`; :func:`kit.check`
imports them all on first use.
"""
