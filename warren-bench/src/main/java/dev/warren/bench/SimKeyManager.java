package dev.warren.bench;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Many client identities behind one TLS context: each connection's engine is bound to a device before its handshake,
 * and the client certificate the relay asks for is that device's. One context (one BoringSSL SSL_CTX) for thousands
 * of simulated agents, rather than one each.
 */
final class SimKeyManager extends X509ExtendedKeyManager {
    private final List<SimIdentities.Identity> identities;
    private final Map<SSLEngine, Integer> bound = new ConcurrentHashMap<>();

    SimKeyManager(List<SimIdentities.Identity> identities) {
        this.identities = identities;
    }

    void bind(SSLEngine engine, int index) {
        bound.put(engine, index);
    }

    void unbind(SSLEngine engine) {
        bound.remove(engine);
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
        Integer index = bound.get(engine);
        return index == null ? null : index.toString();
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return new X509Certificate[] {identity(alias).certificate()};
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return identity(alias).key();
    }

    private SimIdentities.Identity identity(String alias) {
        return identities.get(Integer.parseInt(alias));
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return null;
    }
}
