package dev.northstar.reporting.console;

import io.quarkus.qute.TemplateData;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * What every page shows around its content: the language and the switch to the other one, who is signed in, the
 * navigation, and the CSRF token its forms carry.
 *
 * @param back the page's own path and query, where the language switch returns to
 */
@TemplateData
public record Chrome(String lang, String user, String tenant, boolean admin, boolean limited, String csrf, String back,
        String nav, String title) {

    public static Chrome anonymous(String lang, String back) {
        return new Chrome(lang, null, null, false, false, "", back, "", "");
    }

    public static Chrome of(String lang, Session s, String back, String nav, String title) {
        return new Chrome(lang, s.displayName(), s.tenant(), s.admin(), s.teams() != null, s.csrf(), back, nav, title);
    }

    public String otherLang() {
        return "ja".equals(lang) ? "en" : "ja";
    }

    /** The language switch's link: to the other language, back to this page. */
    public String langLink(String to) {
        return "/console/lang/" + to + "?back=" + URLEncoder.encode(back, StandardCharsets.UTF_8);
    }

    public boolean ja() {
        return "ja".equals(lang);
    }
}
