"""Random edit scripts never corrupt a design; undo and redo are exact (hundreds of steps, fixed seed)."""

from hypothesis import HealthCheck, seed, settings

from .stateful_document import DocumentMachine

DocumentMachine.TestCase.settings = settings(max_examples=25, stateful_step_count=30, deadline=None,
                                             suppress_health_check=list(HealthCheck), derandomize=True)
TestDocumentScripts = seed(20261129)(DocumentMachine.TestCase)
