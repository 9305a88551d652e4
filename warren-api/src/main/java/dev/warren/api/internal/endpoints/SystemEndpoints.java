package dev.warren.api.internal.endpoints;

import dev.warren.api.ApiContext;
import dev.warren.api.auth.Principal;
import dev.warren.api.internal.http.Call;
import dev.warren.api.internal.http.Reply;
import dev.warren.pki.Fingerprints;
import dev.warren.pki.Pem;
import java.security.cert.X509Certificate;

/** {@code GET /health}, {@code /ca} and {@code /whoami}. */
final class SystemEndpoints {
    private final ApiContext context;
    private final AuditTrail audit;
    private final Views.Ca ca;

    SystemEndpoints(ApiContext context, AuditTrail audit) {
        this.context = context;
        this.audit = audit;
        X509Certificate certificate = context.ca().certificate();
        this.ca = new Views.Ca(Pem.encode(certificate), Fingerprints.display(certificate),
                Fingerprints.spkiPin(certificate));
    }

    Reply health(Call call) {
        return Reply.ok(new Views.Health("ok", context.relay().nodeId(), context.version()));
    }

    Reply ca(Call call) {
        return Reply.ok(ca);
    }

    /** Also what {@code warren login} calls: recorded as a login. */
    Reply whoami(Call call) {
        Principal p = call.principal();
        audit.record(audit.by(call, "user.login").subject(p.name()).detail("via", "api")
                .detail("credential", p.credential()));
        return Reply.ok(new Views.WhoAmI(p.name(), p.userId(), p.role().name(), p.tokenId(), p.certFingerprint()));
    }
}
