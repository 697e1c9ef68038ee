package io.strata.ui;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * Who may call the server, and how a call that changes something must come.
 * <ul>
 *   <li>With a token set, every request needs it: {@code Authorization: Bearer TOKEN}, or the {@value #COOKIE}
 *       cookie the server sets when a page is opened once with {@code ?token=TOKEN} (HttpOnly, SameSite=Strict).</li>
 *   <li>A call that changes something is POST or DELETE only and carries the header {@value #CSRF_HEADER}: a page of
 *       another site cannot send a custom header without a CORS preflight, which this server never grants.</li>
 * </ul>
 */
public final class AccessFilter extends OncePerRequestFilter {
    static final String COOKIE = "strata_token";
    public static final String CSRF_HEADER = "X-Strata-Request";
    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

    private final Optional<byte[]> token;

    AccessFilter(Optional<String> token) {
        this.token = token.map(value -> value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain) throws ServletException, IOException {
        if (token.isPresent()) {
            String offered = request.getParameter("token");
            if (offered != null && request.getMethod().equals("GET") && matches(offered)) {
                Cookie cookie = new Cookie(COOKIE, offered);
                cookie.setHttpOnly(true);
                cookie.setPath("/");
                cookie.setAttribute("SameSite", "Strict");
                response.addCookie(cookie);
                response.sendRedirect(request.getRequestURI());
                return;
            }
            if (!matches(bearer(request).or(() -> cookie(request)).orElse(""))) {
                ApiErrors.write(response, HttpServletResponse.SC_UNAUTHORIZED, "unauthorized",
                        "this server needs its token: send 'Authorization: Bearer <token>', or open a page once with ?token=<token>");
                return;
            }
        }
        if (!SAFE.contains(request.getMethod()) && request.getRequestURI().startsWith("/api/") && request.getHeader(CSRF_HEADER) == null) {
            ApiErrors.write(response, HttpServletResponse.SC_FORBIDDEN, "forbidden",
                    "a call that changes something must carry the header " + CSRF_HEADER + ": 1 (a defence against cross-site requests)");
            return;
        }
        chain.doFilter(request, response);
    }

    private boolean matches(String offered) {
        return MessageDigest.isEqual(token.orElseThrow(), offered.getBytes(StandardCharsets.UTF_8));
    }

    private static Optional<String> bearer(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        return header != null && header.startsWith("Bearer ") ? Optional.of(header.substring(7).trim()) : Optional.empty();
    }

    private static Optional<String> cookie(HttpServletRequest request) {
        return request.getCookies() == null ? Optional.empty()
                : Arrays.stream(request.getCookies()).filter(cookie -> cookie.getName().equals(COOKIE)).map(Cookie::getValue).findFirst();
    }
}
