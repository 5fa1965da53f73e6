package dev.northstar.stack.demo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.northstar.events.json.EventJson;
import dev.northstar.events.wire.EventCodec;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Generates a realistic CRM stream from a seed: teams (partners and in-house), accounts, the funnel from calls
 * to appointments to deals to contracts, renewals, churn, expansion, revenue, NPS with Japanese comments,
 * onboarding, feedback, knowledge and insights. The same seed and start date give the same events, ids
 * included, so that re-sending them is recognised as duplicates.
 *
 * <p>The three team profiles are the domain's story: {@code partner-alpha} chases volume (many calls, few
 * key persons, little shared back), {@code partner-beta} works as a second sales department (fewer calls,
 * executives at target accounts, loss reasons, feedback and knowledge), {@code inhouse} sits between.
 */
public final class CrmStream {

    /** One team's behaviour. */
    public record Profile(String teamId, String name, String kind, int callsPerDay, double keyPersonShare,
            double appointmentRate, double winRate, double feedbackPerWeek, double knowledgePerWeek,
            double lossReasonRecorded) {
    }

    public static final List<Profile> DEMO_TEAMS = List.of(
            new Profile("partner-alpha", "アルファ営業支援株式会社", "partner", 60, 0.05, 0.05, 0.22, 0.2, 0.1, 0.3),
            new Profile("partner-beta", "ベータセールスパートナーズ株式会社", "partner", 25, 0.3, 0.08, 0.38, 1.5, 1.2, 0.95),
            new Profile("inhouse", "自社営業部", "in_house", 35, 0.2, 0.07, 0.32, 0.8, 0.6, 0.8));

    private static final String[] LOSS_REASONS = {
        "価格が高すぎるとの声", "競合の導入実績を評価された", "導入時期が合わず見送り", "決裁者まで提案が届かなかった",
        "既存システムとの連携に不安", "Budget frozen until next fiscal year", "機能は良いが社内の合意形成が間に合わない"};
    private static final String[] COMPETITORS = {"ライバル社", "Competitor X", "グローバルSaaS社", "国内大手ベンダー"};
    private static final String[] PROMOTER = {"導入後のサポートが手厚く、現場の評判も良い", "担当者の提案が的確で業務が楽になった",
        "Great onboarding, the team understood our business", "レポート機能で会議の準備時間が半分になった"};
    private static final String[] PASSIVE = {"概ね満足だが価格はもう少し下げてほしい", "機能は十分、ただ画面がやや分かりにくい",
        "It works, but the mobile app is slow"};
    private static final String[] DETRACTOR = {"問い合わせへの返答が遅い", "約束された機能がまだ提供されていない",
        "価格に見合う効果がまだ見えない", "担当者が頻繁に変わり説明が毎回やり直しになる"};
    private static final String[] FEEDBACK = {"CSV出力に部署別の集計が欲しいとの要望", "SFAとの双方向連携を求める声が多い",
        "Customers ask for SSO with their identity provider", "スマートフォンから承認できるようにしてほしい",
        "英語と日本語の帳票を切り替えたい"};
    private static final String[][] KNOWLEDGE = {
        {"success", "役員向け提案で刺さった導入事例の見せ方", "同業他社の導入効果を3枚にまとめ、初回面談で提示した。"},
        {"success", "オンボーディング初週のチェックリスト", "初週に管理者研修を入れると定着率が上がった。"},
        {"failure", "価格交渉で早く値引きしすぎた例", "決裁者不在の場で値引きを提示し、以後の交渉余地を失った。"},
        {"success", "Champion building at target accounts", "Map the buying committee before the second meeting."},
        {"failure", "競合比較資料を出すタイミングを誤った", "比較表を先に渡し、価格だけの比較に持ち込まれた。"}};
    private static final String[][] INSIGHTS = {
        {"競合が来春にAI機能を出すと顧客が言及", "competitor,market_trend"},
        {"製造業では人手不足で営業のDX予算が増えている", "market_trend"},
        {"値上げ後、中小規模の顧客から価格への不満が増えている", "pricing,customer_voice"},
        {"Prospects object that setup takes too long", "objection"},
        {"競合他社が無料トライアル期間を90日に延長", "competitor,pricing"}};

    private final Random random;
    private final String tenant;
    private final String source;
    private final ZoneId zone;
    private final List<ObjectNode> events = new ArrayList<>();
    private final boolean scoped;
    private int sequence;

    private CrmStream(long seed, String tenant, ZoneId zone, boolean scoped) {
        this.scoped = scoped;
        this.random = new Random(seed);
        this.tenant = tenant;
        this.source = "crm://demo/" + tenant + "/" + seed;
        this.zone = zone;
    }

    /**
     * The events of {@code months} months of work of the demo teams, starting on {@code start}, in event-time
     * order. Nothing is generated after {@code until}.
     */
    public static List<ObjectNode> generate(long seed, String tenant, LocalDate start, int months, Instant until) {
        return generate(seed, tenant, start, months, until, true);
    }

    /**
     * As {@link #generate(long, String, LocalDate, int, Instant)}; {@code scoped} false leaves out every event's product
     * line and segment (the same events otherwise: for a benchmark of what scopes cost).
     */
    public static List<ObjectNode> generate(long seed, String tenant, LocalDate start, int months, Instant until,
            boolean scoped) {
        CrmStream stream = new CrmStream(seed, tenant, ZoneId.of("Asia/Tokyo"), scoped);
        LocalDate end = start.plusMonths(months);
        for (Profile team : DEMO_TEAMS) {
            stream.team(team, start, end);
        }
        return stream.events.stream()
                .filter(e -> EventCodec.parseTime(e.get("time").textValue()).isBefore(until))
                .sorted(Comparator.comparing((ObjectNode e) -> EventCodec.parseTime(e.get("time").textValue()))
                        .thenComparing(e -> e.get("id").textValue()))
                .toList();
    }

    private void team(Profile p, LocalDate start, LocalDate end) {
        emit("team.registered", start.atTime(8, 0), data(p.teamId(), null).put("name", p.name()).put("kind", p.kind()));
        int accounts = 40;
        for (int a = 0; a < accounts; a++) {
            String account = p.teamId() + "-acc-" + String.format("%03d", a);
            if (a < 15) {
                emit("account.targeted", start.atTime(8, 30), data(p.teamId(), account));
            }
        }
        for (LocalDate day = start; day.isBefore(end); day = day.plusDays(1)) {
            if (day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY) {
                continue;
            }
            int calls = (int) Math.round(p.callsPerDay() * (0.8 + 0.4 * random.nextDouble()));
            for (int c = 0; c < calls; c++) {
                int a = random.nextInt(accounts);
                String account = p.teamId() + "-acc-" + String.format("%03d", a);
                boolean keyPerson = random.nextDouble() < p.keyPersonShare();
                boolean connected = keyPerson || random.nextDouble() < 0.35;
                ObjectNode call = data(p.teamId(), account)
                        .put("contactRole", keyPerson ? "executive" : random.nextBoolean() ? "manager" : "staff")
                        .put("keyPerson", keyPerson && connected)
                        .put("outcome", connected ? "connected" : random.nextBoolean() ? "no_answer" : "voicemail")
                        .put("durationSeconds", connected ? 60 + random.nextInt(900) : 0);
                emit("call.logged", workTime(day), call);
                if (connected && random.nextDouble() < p.appointmentRate() * (keyPerson ? 3 : 1)) {
                    appointment(p, account, a < 15, day);
                }
            }
            if (random.nextDouble() < p.feedbackPerWeek() / 5) {
                emit("feedback.submitted", workTime(day), data(p.teamId(), p.teamId() + "-acc-"
                        + String.format("%03d", random.nextInt(accounts))).put("text", pick(FEEDBACK)));
            }
            if (random.nextDouble() < p.knowledgePerWeek() / 5) {
                String[] k = KNOWLEDGE[random.nextInt(KNOWLEDGE.length)];
                ObjectNode article = data(p.teamId(), null).put("articleId", "kb-" + (++sequence)).put("kind", k[0])
                        .put("title", k[1]).put("body", k[2]);
                article.putArray("tags").add(k[0].equals("success") ? "success_story" : "failure_story");
                emit("knowledge.shared", workTime(day), article);
            }
            if (random.nextDouble() < p.knowledgePerWeek() / 5) {
                String[] i = INSIGHTS[random.nextInt(INSIGHTS.length)];
                ObjectNode insight = data(p.teamId(), null).put("text", i[0]);
                for (String tag : i[1].split(",")) {
                    insight.withArray("tags").add(tag);
                }
                emit("insight.captured", workTime(day), insight);
            }
        }
    }

    private void appointment(Profile p, String account, boolean target, LocalDate day) {
        String appointmentId = "apt-" + (++sequence);
        emit("appointment.set", workTime(day), data(p.teamId(), account).put("appointmentId", appointmentId));
        LocalDate heldOn = day.plusDays(3 + random.nextInt(10));
        if (random.nextDouble() < 0.12) {
            emit("appointment.cancelled", workTime(heldOn), data(p.teamId(), account).put("appointmentId", appointmentId));
            return;
        }
        emit("appointment.held", workTime(heldOn), data(p.teamId(), account).put("appointmentId", appointmentId));
        if (target) {
            emit("conversation.held", workTime(heldOn), data(p.teamId(), account).put("contactRole",
                    random.nextDouble() < p.keyPersonShare() * 2 ? "executive" : "manager").put("keyPerson", true)
                    .put("channel", "in_person"));
        }
        if (random.nextDouble() > 0.6) {
            return;
        }
        String dealId = "deal-" + (++sequence);
        long amount = (5 + random.nextInt(40)) * 100_000L;
        LocalDate created = heldOn.plusDays(1 + random.nextInt(20));
        emit("deal.created", workTime(created), data(p.teamId(), account).put("dealId", dealId)
                .put("amount", String.valueOf(amount)).put("currency", "JPY"));
        LocalDate decided = created.plusDays(10 + random.nextInt(40));
        if (random.nextDouble() < p.winRate() * 1.6) {
            long mrr = amount / 12;
            emit("deal.won", workTime(decided), data(p.teamId(), account).put("dealId", dealId)
                    .put("amount", String.valueOf(amount)).put("currency", "JPY")
                    .put("monthlyRecurringRevenue", String.valueOf(mrr)).put("kind", "new_business"));
            customer(p, account, decided, mrr);
        } else {
            ObjectNode lost = data(p.teamId(), account).put("dealId", dealId).put("reason",
                    random.nextDouble() < p.lossReasonRecorded() ? pick(LOSS_REASONS) : "不明");
            if (random.nextDouble() < 0.6) {
                lost.put("competitor", pick(COMPETITORS));
            }
            emit("deal.lost", workTime(decided), lost);
        }
    }

    private void customer(Profile p, String account, LocalDate wonOn, long mrr) {
        String onboardingId = "onb-" + (++sequence);
        emit("onboarding.started", workTime(wonOn.plusDays(3)), data(p.teamId(), account).put("onboardingId", onboardingId));
        if (random.nextDouble() < (p.kind().equals("partner") && p.keyPersonShare() < 0.1 ? 0.55 : 0.85)) {
            emit("onboarding.completed", workTime(wonOn.plusDays(20 + random.nextInt(80))),
                    data(p.teamId(), account).put("onboardingId", onboardingId));
        }
        String contractId = "ctr-" + (++sequence);
        for (int month = 1; month <= 6; month++) {
            emit("revenue.recognized", wonOn.plusMonths(month).withDayOfMonth(1).atTime(9, 0),
                    data(p.teamId(), account).put("amount", String.valueOf(mrr)).put("currency", "JPY"));
        }
        int score = p.keyPersonShare() > 0.1 ? 5 + random.nextInt(6) : 2 + random.nextInt(9);
        ObjectNode nps = data(p.teamId(), account).put("score", score)
                .put("comment", score >= 9 ? pick(PROMOTER) : score >= 7 ? pick(PASSIVE) : pick(DETRACTOR));
        emit("nps.responded", workTime(wonOn.plusDays(45 + random.nextInt(20))), nps);
        if (random.nextDouble() < 0.35) {
            emit("contract.expanded", workTime(wonOn.plusDays(60 + random.nextInt(60))), data(p.teamId(), account)
                    .put("contractId", contractId).put("kind", random.nextBoolean() ? "upsell" : "cross_sell")
                    .put("amount", String.valueOf(mrr / 2)).put("currency", "JPY"));
        }
        LocalDate termEnd = wonOn.plusMonths(3);
        boolean renews = random.nextDouble() < (p.keyPersonShare() > 0.1 ? 0.85 : 0.6);
        emit(renews ? "contract.renewed" : "contract.churned", workTime(termEnd), data(p.teamId(), account)
                .put("contractId", contractId).put("monthlyRecurringRevenue", String.valueOf(mrr))
                .put("currency", "JPY"));
    }

    private java.time.LocalDateTime workTime(LocalDate day) {
        return day.atTime(LocalTime.of(9, 0).plusMinutes(random.nextInt(9 * 60)));
    }

    private String pick(String[] values) {
        return values[random.nextInt(values.length)];
    }

    private ObjectNode data(String teamId, String accountId) {
        ObjectNode data = EventJson.MAPPER.createObjectNode().put("teamId", teamId);
        if (accountId != null) {
            data.put("accountId", accountId);
        }
        if (accountId != null && scoped) {
            int a = Integer.parseInt(accountId.substring(accountId.lastIndexOf('-') + 1));
            data.put("product", product(a)).put("segment", segment(a));
        }
        return data;
    }

    /**
     * The product line an account is sold (every event of the account carries it, so a pilot on a product line has
     * real numbers in the demo): every third account payroll, the others cloud accounting.
     */
    public static String product(int account) {
        return account % 3 == 0 ? "payroll" : "cloud-accounting";
    }

    /** The market segment of an account: the first 20 of each team's 40 enterprise, the rest SMB. */
    public static String segment(int account) {
        return account < 20 ? "enterprise" : "smb";
    }

    private void emit(String type, java.time.LocalDateTime localTime, ObjectNode data) {
        ObjectNode event = EventJson.MAPPER.createObjectNode()
                .put("specversion", "1.0")
                .put("id", String.format("%s-%07d", type.replace('.', '-'), events.size() + 1))
                .put("source", source)
                .put("type", type)
                .put("time", java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(localTime.atZone(zone)))
                .put("tenant", tenant);
        event.set("data", data);
        events.add(event);
    }
}
