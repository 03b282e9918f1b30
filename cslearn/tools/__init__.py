"""The course's tooling: the ``cslearn`` command, the build, the browser checks, the workshop runner,
the exercise generator and the grader. It imports the topics; the topics never import it.

* ``cli``: the ``cslearn`` command (``workshop``, ``build``, ``exercises``, ``app``, ``grade``);
* ``build``: every notebook run headless, with a status page and screenshots (``make build``);
* ``browser``: a chapter opened in JupyterLab in headless Chromium, checked as a reader sees it;
* ``generate``: the exercise sheets written from the solutions (``make exercises``);
* ``grade``: a class's exercise sheets graded against the checks.
"""
