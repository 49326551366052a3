"""The course machinery: exercises and their checks, the student edition, keypoints, notebook refresh, doctor."""
