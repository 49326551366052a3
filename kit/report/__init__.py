"""The newsroom report: parameters, the run (papermill), the memo's HTML pieces and the HTML export."""
