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
    private final Views.Ca ca;

    SystemEndpoints(ApiContext context) {
        this.context = context;
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

    Reply whoami(Call call) {
        Principal p = call.principal();
        return Reply.ok(new Views.WhoAmI(p.name(), p.userId(), p.role().name(), p.tokenId()));
    }
}
