"""tools/invocation_coverage.py: every invocation has a suite test, and
docs/invocations.md holds the current table."""
import os
import sys
import unittest

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(TOP, 'tools'))
import invocation_coverage as cov  # noqa: E402


class InvocationCoverageTest(unittest.TestCase):
    def test_every_invocation_has_a_test(self):
        missing = [m.cname for m, tests in cov.coverage() if not tests]
        self.assertEqual(missing, [])

    def test_a_listed_test_that_no_longer_makes_the_call_is_reported(self):
        import tempfile
        rows = cov.coverage()
        table = cov.table(rows).replace('`domain_schedule_configure_checks_its_arguments`',
                                        '`no_such_test`', 1)
        with tempfile.NamedTemporaryFile('w', suffix='.md', delete=False) as f:
            f.write(f'{cov.BEGIN}\n{table}{cov.END}\n')
        try:
            self.assertTrue(any('no_such_test' in p for p in cov.check(f.name, rows)))
        finally:
            os.unlink(f.name)

    def test_docs_table_is_current(self):
        problems = cov.check(os.path.join(TOP, 'docs', 'invocations.md'), cov.coverage())
        self.assertEqual(problems, [])

    def test_a_test_body_names_the_stub_or_the_label(self):
        tests = dict(cov.suite_tests())
        body = tests['domain_schedule_configure_checks_its_arguments']
        self.assertIn('DomainScheduleConfigure', body)
        self.assertNotIn('KEEL_TEST(domain_schedule_set_start_checks_its_arguments', body)


if __name__ == '__main__':
    unittest.main()
