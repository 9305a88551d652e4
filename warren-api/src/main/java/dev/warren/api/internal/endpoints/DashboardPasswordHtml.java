package dev.warren.api.internal.endpoints;

import static dev.warren.api.internal.endpoints.DashboardPages.fieldBox;

import dev.warren.api.auth.Passwords;
import dev.warren.api.dashboard.Html;
import java.util.Map;

/**
 * The fields of a password form (an admin's for a user, a user's own on the account page): the current password
 * when one is asked for, the new one twice. Nothing typed is ever put back into them; the problems of the last attempt
 * are shown next to the field they are about ({@code current}, {@code password}, {@code repeat}), and
 * {@code form} above them.
 */
final class DashboardPasswordHtml {
    /** The key of a problem about the whole form (not one field). */
    static final String WHOLE = "form";

    private DashboardPasswordHtml() {}

    /**
     * @param userName whose password it is: a hidden user name field, so that a password manager files the new
     *                 password under the right name
     */
    static void fields(Html h, String userName, boolean askCurrent, Map<String, String> problems) {
        if (problems.containsKey(WHOLE)) {
            h.element("p", problems.get(WHOLE), "class", "problem", "role", "alert", "id", "password-form-problem");
        } else if (!problems.isEmpty()) {
            h.element("p", "The password was not changed: see the field marked below.", "class", "problem", "role",
                    "alert", "id", "password-form-problem");
        }
        h.empty("input", "type", "text", "name", "username", "value", userName, "autocomplete", "username",
                "readonly", "readonly", "hidden", "hidden");
        h.open("fieldset");
        h.element("legend", "Password");
        if (askCurrent) {
            fieldBox(h, "current-password", "Current password", null, problems.get("current"), "type", "password",
                    "name", "current", "autocomplete", "current-password", "required", "required", "maxlength",
                    Integer.toString(Passwords.MAX_LENGTH));
        }
        fieldBox(h, "new-password", "New password", "at least " + Passwords.MIN_LENGTH + " characters (spaces"
                + " allowed), not the user name", problems.get("password"), "type", "password", "name", "password",
                "autocomplete", "new-password", "required", "required", "minlength",
                Integer.toString(Passwords.MIN_LENGTH), "maxlength", Integer.toString(Passwords.MAX_LENGTH));
        fieldBox(h, "repeat-password", "New password again", null, problems.get("repeat"), "type", "password",
                "name", "repeat", "autocomplete", "new-password", "required", "required", "maxlength",
                Integer.toString(Passwords.MAX_LENGTH));
        h.close("fieldset");
    }

    /** Why the two new passwords cannot be taken, or {@code null} (the rules themselves are the endpoint's). */
    static String mismatch(Map<String, String> form) {
        return form.getOrDefault("password", "").equals(form.getOrDefault("repeat", "")) ? null
                : "repeat: not the same as the new password (expected: the same password twice)";
    }
}
