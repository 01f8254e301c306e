"""What the tests and the benchmarks share to meet the site as its users do: Debian's Chromium set
up as a Chinese reader's browser (harness/browser.py), the site served on loopback, by a small
static server or by nginx with deploy/nginx.conf (harness/servers.py), the as-of date every test
and benchmark build uses (harness/asof.py) and a realistic Word notice (harness/wordnotice.py).
Not part of the portal: the build never imports it.
"""
