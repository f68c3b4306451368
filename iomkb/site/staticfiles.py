"""Static files first: served before the rest of the middleware stack, with the same headers.

WhiteNoise answers a static file from memory in well under a tenth of a millisecond; behind
the request log, the page cache and the other middleware it cost every request about twice
that (docs/PERFORMANCE.md). So this middleware goes first in MIDDLEWARE and answers static
files itself, adding what the security middleware would add to any response (HTTPS redirect
and HSTS, nosniff, Referrer-Policy, COOP, X-Frame-Options, CSP, Permissions-Policy). Static
files are not in the app's request log: the proxy's access log has them.
"""

from django.conf import settings
from django.middleware.clickjacking import XFrameOptionsMiddleware
from django.middleware.security import SecurityMiddleware
from whitenoise.middleware import WhiteNoiseMiddleware


class StaticFilesMiddleware(WhiteNoiseMiddleware):
    def __init__(self, get_response=None, settings=settings):
        super().__init__(get_response, settings)
        self.security = SecurityMiddleware(get_response)
        self.frame_options = XFrameOptionsMiddleware(get_response)
        self.site_headers = {
            "Content-Security-Policy": settings.SITE_CONTENT_SECURITY_POLICY,
            "Permissions-Policy": settings.SITE_PERMISSIONS_POLICY,
        }

    def __call__(self, request):
        if not request.path_info.startswith(self.static_prefix):
            return self.get_response(request)
        redirect = self.security.process_request(request)
        if redirect is not None:  # plain HTTP where HTTPS is required: the stack redirects
            return self.get_response(request)
        return super().__call__(request)

    def serve(self, static_file, request):
        response = super().serve(static_file, request)
        response = self.security.process_response(request, response)
        response = self.frame_options.process_response(request, response)
        for name, value in self.site_headers.items():
            response.headers.setdefault(name, value)
        return response
