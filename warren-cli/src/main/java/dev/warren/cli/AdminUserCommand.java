package dev.warren.cli;

import static dev.warren.cli.AdminCommand.encode;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.HttpMethod;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code warren admin user}: users, their dashboard passwords, API tokens and client certificates. */
@Command(name = "user", mixinStandardHelpOptions = true,
        description = "Users (admin, operator, auditor), their dashboard passwords, API tokens and client certificates.",
        subcommands = {
            AdminUserCommand.Create.class,
            AdminUserCommand.List.class,
            AdminUserCommand.Show.class,
            AdminUserCommand.Disable.class,
            AdminUserCommand.Enable.class,
            AdminUserCommand.Passwd.class,
            AdminUserCommand.Token.class,
            AdminUserCommand.Cert.class
        })
final class AdminUserCommand extends CommandGroup {
    /** A command on one user, the first parameter: a name, an id or 'me'. */
    abstract static class OnUser extends AdminCommand.ApiCommand {
        @Parameters(index = "0", paramLabel = "USER", description = "A user name or id, or 'me'.")
        String user;

        /** The API path of the user, then {@code rest} (e.g. "/tokens"). */
        String userPath(String rest) {
            return "/api/v1/users/" + encode(user) + rest;
        }
    }

    /** disable and enable: a POST to the user's /disable or /enable. */
    abstract static class Switch extends OnUser {
        private final String action;

        Switch(String action) {
            this.action = action;
        }

        @Override
        int run(AdminClient api) {
            api.post(userPath("/" + action), Map.of());
            System.err.println(action + "d user " + user);
            return ExitCodes.OK;
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Create a user; their first API token is printed once, alone on the last line of standard output.",
                "Roles: admin (everything), operator (reaches services through grants), auditor (reads everything, changes nothing).",
                "With --password-stdin or --password-file the user can also sign in to the web dashboard with a password."})
    static final class Create extends AdminCommand.ApiCommand {
        @Mixin
        PasswordInput password;

        @Parameters(paramLabel = "NAME", description = "Lowercase letters, digits, '.', '_', '@', '-'.")
        String name;

        @Option(names = "--role", paramLabel = "ROLE", required = true, description = "admin, operator or auditor.")
        String role;

        @Option(names = "--token-ttl", paramLabel = "DURATION", converter = BoundedDurations.ApiToken.class,
                description = "The token's lifetime (default: 90d; 1m to 3650d).")
        Duration tokenTtl;

        @Override
        int run(AdminClient api) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", name);
            body.put("role", role);
            if (tokenTtl != null) {
                body.put("tokenTtlSeconds", tokenTtl.toSeconds());
            }
            if (password.given()) {
                body.put("password", password.read(false));
            }
            JsonNode u = api.post("/api/v1/users", body);
            return madeSecret(u, "created user " + u.path("name").asText() + " (" + u.path("role").asText() + ", "
                    + u.path("id").asText() + "); API token " + u.path("tokenId").asText() + ", expires "
                    + u.path("tokenExpiresAt").asText() + ". Token:", u.path("token").asText());
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List users.")
    static final class List extends AdminCommand.ApiCommand {
        @Override
        int run(AdminClient api) {
            JsonNode users = api.get("/api/v1/users");
            return list(users, n -> new Object[] {n.path("name").asText(), n.path("id").asText(), n.path("role").asText(),
                    n.path("disabled").asBoolean(), n.path("createdAt").asText()},
                    "NAME", "ID", "ROLE", "DISABLED", "CREATED");
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "One user (or 'me'), as JSON.")
    static final class Show extends OnUser {
        @Override
        int run(AdminClient api) {
            printJson(api.get(userPath("")));
            return ExitCodes.OK;
        }
    }

    @Command(name = "disable", mixinStandardHelpOptions = true,
            description = "Refuse the user from now on; ends their connections and streams at once.")
    static final class Disable extends Switch {
        Disable() {
            super("disable");
        }
    }

    @Command(name = "enable", mixinStandardHelpOptions = true, description = "Let a disabled user in again.")
    static final class Enable extends Switch {
        Enable() {
            super("enable");
        }
    }

    @Command(name = "passwd", mixinStandardHelpOptions = true,
            description = {"Set the password USER (or 'me') signs in to the web dashboard with.",
                "It is read from standard input (asked for twice, without echo, on a terminal) or --password-file,"
                        + " never from the command line.",
                "The user's dashboard sessions signed in with a password end; --remove takes the password away.",
                "Changing or removing your own password (me, or your own name) proves the current one, checked and"
                        + " rate-limited as a dashboard sign-in: asked for without echo on a terminal, as passwd does,"
                        + " or read from --current-password-file (for scripts); an admin setting or removing another"
                        + " user's password gives none."})
    static final class Passwd extends OnUser {
        @Mixin
        PasswordInput password;

        @Option(names = "--current-password-file", paramLabel = "FILE", description = "Your password now, from this"
                + " file's first line: checked by the relay as a sign-in is (needed to change or remove your own"
                + " password once you have one; not for another user's). Without it, a terminal asks for it.")
        Path current;

        @Option(names = "--remove", description = "Remove the user's password: no more password sign-in.")
        boolean remove;

        @Override
        int run(AdminClient api) {
            String path = userPath("/password");
            if (remove && password.given()) {
                throw new CommandFailure(ExitCodes.USAGE, "--remove takes no password (expected: --remove alone)");
            }
            String now = currentPassword(api); // first, as passwd asks: the current one, then the new one
            if (remove) {
                if (now != null) {
                    api.call(HttpMethod.DELETE, path, Map.of("current", now));
                } else {
                    withoutCurrent(() -> api.delete(path));
                }
                System.err.println("removed the password of " + user);
                return ExitCodes.OK;
            }
            if (now != null) {
                api.call(HttpMethod.PUT, path, Map.of("password", password.read(true), "current", now));
            } else {
                withoutCurrent(() -> api.call(HttpMethod.PUT, path, Map.of("password", password.read(true))));
            }
            System.err.println("set the password of " + user + "; their password sessions on the dashboard ended");
            return ExitCodes.OK;
        }

        /**
         * The current password: the file's, or, on a terminal, asked for when the relay will want it (the caller's own
         * password, once they have one); {@code null} otherwise.
         */
        private String currentPassword(AdminClient api) {
            if (current != null) {
                return PasswordInput.firstLine(current);
            }
            java.io.Console console = System.console();
            return console != null && ownWithPassword(api) ? PasswordInput.askCurrent(console) : null;
        }

        /** Whether USER is the caller and has a password (the relay's rule for when {@code current} is needed). */
        private boolean ownWithPassword(AdminClient api) {
            JsonNode target = api.get(userPath(""));
            String me = "me".equals(user) ? target.path("id").asText()
                    : api.get("/api/v1/users/me").path("id").asText();
            return target.path("id").asText().equals(me) && target.path("passwordSetAt").isTextual();
        }

        /** {@code call} without a current password: a relay asking for it gets an answer naming the ways to give it. */
        private static void withoutCurrent(Runnable call) {
            try {
                call.run();
            } catch (CommandFailure e) {
                if (e.getMessage().startsWith("current: missing")) {
                    throw new CommandFailure(e.exitCode(), e.getMessage()
                            + "; give your current password with --current-password-file FILE, or run this on a"
                            + " terminal to be asked for it");
                }
                throw e;
            }
        }
    }

    @Command(name = "token", mixinStandardHelpOptions = true, description = "A user's API tokens.",
            subcommands = {Token.Create.class, Token.List.class, Token.Revoke.class})
    static final class Token extends CommandGroup {
        @Command(name = "create", mixinStandardHelpOptions = true,
                description = "Another API token for USER (or 'me'), printed once, alone on the last line of standard output.")
        static final class Create extends OnUser {
            @Option(names = "--ttl", paramLabel = "DURATION", converter = BoundedDurations.ApiToken.class,
                    description = "Lifetime (default: 90d; 1m to 3650d).")
            Duration ttl;

            @Override
            int run(AdminClient api) {
                JsonNode t = api.post(userPath("/tokens"),
                        ttl == null ? Map.of() : Map.of("ttlSeconds", ttl.toSeconds()));
                return madeSecret(t, "API token " + t.path("id").asText() + " for " + user + ", expires "
                        + t.path("expiresAt").asText() + ". Token:", t.path("token").asText());
            }
        }

        @Command(name = "list", mixinStandardHelpOptions = true, description = "A user's tokens (never their secrets).")
        static final class List extends OnUser {
            @Override
            int run(AdminClient api) {
                JsonNode tokens = api.get(userPath("/tokens"));
                return list(tokens, n -> new Object[] {n.path("id").asText(), n.path("createdAt").asText(),
                        n.path("expiresAt").asText(null), n.path("revokedAt").asText(null),
                        n.path("lastUsedAt").asText(null)},
                        "ID", "CREATED", "EXPIRES", "REVOKED", "LAST USED");
            }
        }

        @Command(name = "revoke", mixinStandardHelpOptions = true,
                description = "Revoke an API token; connections made with it end at once.")
        static final class Revoke extends AdminCommand.ApiCommand {
            @Parameters(paramLabel = "ID", description = "The token's id (the part after wat1.), as 'warren admin user token list' shows it.")
            String id;

            @Override
            int run(AdminClient api) {
                api.delete("/api/v1/tokens/" + encode(id));
                System.err.println("revoked API token " + id);
                return ExitCodes.OK;
            }
        }
    }

    @Command(name = "cert", mixinStandardHelpOptions = true,
            description = "Client certificates the relay issues to users (operators can also run 'warren login --cert').",
            subcommands = {Cert.Issue.class, Cert.List.class, Cert.Revoke.class})
    static final class Cert extends CommandGroup {
        @Command(name = "issue", mixinStandardHelpOptions = true,
                description = {"Sign the key of a CSR (PEM, e.g. from openssl req -new) as USER's client certificate.",
                    "The certificate (PEM) goes to --out, or to standard output."})
        static final class Issue extends OnUser {
            @Option(names = "--csr", required = true, paramLabel = "FILE")
            Path csr;

            @Option(names = "--out", paramLabel = "FILE")
            Path out;

            @Option(names = "--ttl", paramLabel = "DURATION", converter = BoundedDurations.UserCertificate.class,
                    description = "Lifetime (default: 30d, at most 365d).")
            Duration ttl;

            @Override
            int run(AdminClient api) throws Exception {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("csr", Files.readString(csr));
                if (ttl != null) {
                    body.put("ttlSeconds", ttl.toSeconds());
                }
                JsonNode c = api.post(userPath("/certificates"), body);
                if (out != null) {
                    Files.writeString(out, c.path("certificate").asText());
                } else {
                    System.out.print(c.path("certificate").asText());
                }
                System.err.println("issued a certificate for " + user + ": SHA-256 " + c.path("fingerprint").asText()
                        + ", valid until " + c.path("notAfter").asText());
                return ExitCodes.OK;
            }
        }

        @Command(name = "list", mixinStandardHelpOptions = true, description = "A user's certificates.")
        static final class List extends OnUser {
            @Override
            int run(AdminClient api) {
                JsonNode certs = api.get(userPath("/certificates"));
                return list(certs, n -> new Object[] {n.path("fingerprint").asText(), n.path("createdAt").asText(),
                        n.path("notAfter").asText(), n.path("revokedAt").asText(null)},
                        "FINGERPRINT", "CREATED", "NOT AFTER", "REVOKED");
            }
        }

        @Command(name = "revoke", mixinStandardHelpOptions = true,
                description = "Revoke a user certificate; connections made with it end at once.")
        static final class Revoke extends OnUser {
            @Parameters(index = "1", paramLabel = "FINGERPRINT", description = "The certificate's fingerprint, as 'warren admin user cert list' shows it.")
            String fingerprint;

            @Override
            int run(AdminClient api) {
                api.delete(userPath("/certificates/" + encode(fingerprint)));
                System.err.println("revoked certificate " + fingerprint + " of " + user);
                return ExitCodes.OK;
            }
        }
    }
}
