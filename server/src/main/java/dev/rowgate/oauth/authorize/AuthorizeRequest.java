package dev.rowgate.oauth.authorize;

import dev.rowgate.apps.App;
import dev.rowgate.apps.RedirectUris;
import dev.rowgate.oauth.OAuthError;
import dev.rowgate.oauth.OAuthException;
import dev.rowgate.oauth.pkce.Pkce;
import dev.rowgate.web.Form;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * An authorization request (RFC 6749 §4.1.1, §4.2.1), parsed once in two stages. {@link #target} finds the app and
 * the redirect URI; until both are known good nothing may redirect, so its failures are {@link NoRedirect} (shown as
 * a page). {@link #parse} checks everything else; its failures are OAuthExceptions sent back to the redirect URI.
 */
public record AuthorizeRequest(
        App app, String redirectUri, boolean redirectUriSent, ResponseType responseType, String scope, String state,
        String codeChallenge, boolean promptConsent) {

    public enum ResponseType { CODE, TOKEN }

    /** The only scope there is (integration-protocol.md): spending the user's API rows. */
    public static final String SCOPE = "api";

    /** The parameters that travel through the consent form. */
    static final List<String> PARAMETERS = List.of("response_type", "client_id", "redirect_uri", "scope", "state",
            "code_challenge", "code_challenge_method", "prompt");

    /** Where errors may be sent: the app and a redirect URI registered for it. */
    public record Target(App app, String redirectUri, boolean redirectUriSent, String state) {}

    /** A failure that must be shown to the user and never redirected (RFC 6749 §4.1.2.1, first paragraph). */
    public static final class NoRedirect extends RuntimeException {
        NoRedirect(String message) {
            super(message, null, false, false);
        }
    }

    public static Target target(Form form, Function<String, Optional<App>> apps) {
        String clientId;
        String redirectUri;
        try {
            clientId = form.optional("client_id");
            redirectUri = form.optional("redirect_uri");
        } catch (OAuthException e) {
            throw new NoRedirect("The request repeats client_id or redirect_uri.");
        }
        if (clientId == null) throw new NoRedirect("The request names no app (client_id is missing).");
        App app = (clientId.length() <= 100 ? apps.apply(clientId) : Optional.<App>empty())
                .orElseThrow(() -> new NoRedirect("No app is registered with this client_id."));
        if (app.status() != App.Status.APPROVED) {
            throw new NoRedirect("The app \u201c" + app.name() + "\u201d is not approved" + (app.status() == App.Status.SUSPENDED ? " (suspended)." : " yet."));
        }
        String effective;
        if (redirectUri == null) {
            // RFC 6749 §3.1.2.3: with several registered URIs the request must say which.
            if (app.redirectUris().size() != 1) throw new NoRedirect("The app has several redirect URIs, and the request names none.");
            effective = app.redirectUris().getFirst();
        } else {
            effective = match(app.redirectUris(), redirectUri)
                    .orElseThrow(() -> new NoRedirect("The redirect_uri is not registered for this app."));
        }
        String state;
        try {
            state = form.optional("state");
        } catch (OAuthException e) {
            state = null; // repeated: which one to echo is unknowable; parse() reports invalid_request
        }
        return new Target(app, effective, redirectUri != null, state);
    }

    /**
     * Exact string matching (RFC 9700 §2.1), except that a loopback http redirect URI matches whatever port the native
     * app opened (RFC 8252 §7.3).
     */
    static Optional<String> match(List<String> registered, String requested) {
        if (registered.contains(requested)) return Optional.of(requested);
        URI req;
        try {
            req = new URI(requested);
        } catch (Exception e) {
            return Optional.empty();
        }
        if (!"http".equals(req.getScheme()) || !RedirectUris.isLoopback(req.getHost()) || req.getRawFragment() != null) return Optional.empty();
        for (String r : registered) {
            try {
                URI reg = new URI(r);
                if ("http".equals(reg.getScheme()) && req.getHost().equals(reg.getHost())
                        && java.util.Objects.equals(req.getRawPath(), reg.getRawPath())
                        && java.util.Objects.equals(req.getRawQuery(), reg.getRawQuery())) {
                    return Optional.of(requested);
                }
            } catch (Exception ignored) {
                // a registered URI that does not parse matches nothing
            }
        }
        return Optional.empty();
    }

    public static AuthorizeRequest parse(Form form, Target target, boolean legacyTokenFlowAllowed) {
        App app = target.app();
        for (String p : PARAMETERS) form.optional(p); // RFC 6749 §3.1: no parameter more than once
        String responseType = form.optional("response_type");
        if (responseType == null) throw OAuthError.INVALID_REQUEST.because("missing response_type");
        ResponseType type = switch (responseType) {
            case "code" -> ResponseType.CODE;
            case "token" -> ResponseType.TOKEN;
            default -> throw OAuthError.UNSUPPORTED_RESPONSE_TYPE.because("response_type " + responseType);
        };
        if (type == ResponseType.TOKEN) {
            if (app.type() != App.Type.DESKTOP) throw OAuthError.UNAUTHORIZED_CLIENT.because("response_type=token is for desktop apps");
            if (!legacyTokenFlowAllowed) throw OAuthError.UNAUTHORIZED_CLIENT.because("the legacy desktop token flow is switched off");
        }
        String scope = form.optional("scope");
        if (scope != null) {
            for (String s : scope.split(" ")) {
                if (!s.isEmpty() && !s.equals(SCOPE)) throw OAuthError.INVALID_SCOPE.because("unknown scope " + s);
            }
        }
        String challenge = form.optional("code_challenge");
        String method = form.optional("code_challenge_method");
        if (challenge != null) {
            // RFC 7636 §4.3: an absent method means plain, which Rowgate refuses (RFC 9700 §2.1.1).
            if (!Pkce.S256.equals(method)) throw OAuthError.INVALID_REQUEST.because("code_challenge_method must be S256");
            if (!Pkce.validChallenge(challenge)) throw OAuthError.INVALID_REQUEST.because("malformed code_challenge");
        } else if (method != null) {
            throw OAuthError.INVALID_REQUEST.because("code_challenge_method without code_challenge");
        } else if (type == ResponseType.CODE && !app.type().confidential()) {
            // RFC 8252 §8.1, RFC 9700 §2.1.1: public clients MUST use PKCE.
            throw OAuthError.INVALID_REQUEST.because("PKCE (code_challenge, S256) is required for public clients");
        }
        String prompt = form.optional("prompt");
        String state = form.optional("state");
        return new AuthorizeRequest(app, target.redirectUri(), target.redirectUriSent(), type, SCOPE, state, challenge,
                prompt != null && List.of(prompt.split(" ")).contains("consent"));
    }

    /** The request's parameters, to carry through the consent form and the sign-in page. */
    static Map<String, String> carried(Form form) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String p : PARAMETERS) {
            String v = form.optional(p);
            if (v != null) out.put(p, v);
        }
        return out;
    }
}
