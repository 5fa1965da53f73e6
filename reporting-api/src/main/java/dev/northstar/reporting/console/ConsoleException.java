package dev.northstar.reporting.console;

/**
 * A console request that ends in an error page (status and message key), or in a redirect to sign in
 * ({@link #signIn}).
 */
public class ConsoleException extends RuntimeException {

    private final int status;
    private final String key;
    private final String detail;

    public ConsoleException(int status, String key, String detail) {
        super(key + (detail == null ? "" : ": " + detail), null, false, false);
        this.status = status;
        this.key = key;
        this.detail = detail;
    }

    /** No session (or an expired one): the page answers with a redirect to the sign-in page. */
    public static ConsoleException signIn() {
        return new ConsoleException(303, "signIn", null);
    }

    public static ConsoleException notFound() {
        return new ConsoleException(404, "notFound", null);
    }

    public static ConsoleException forbidden(String detail) {
        return new ConsoleException(403, "forbidden", detail);
    }

    public static ConsoleException badRequest(String detail) {
        return new ConsoleException(400, "badRequest", detail);
    }

    public int status() {
        return status;
    }

    public String key() {
        return key;
    }

    public String detail() {
        return detail;
    }
}
