package dev.northstar.reporting.console;

import io.quarkus.qute.TemplateExtension;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** What the console's templates may call on a value beyond its own methods. */
@TemplateExtension
public final class TemplateExtensions {

    private TemplateExtensions() {
    }

    /** A text as one query-parameter value (then HTML-escaped like every expression). */
    static String urlEncode(String text) {
        return text == null ? "" : URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
