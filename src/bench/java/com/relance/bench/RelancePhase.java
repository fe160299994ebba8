package com.relance.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.relance.RelanceApplication;
import com.relance.prospect.ProspectFilter;
import com.relance.prospect.ProspectStatus;
import com.relance.prospect.Prospects;
import com.relance.touch.Channel;
import com.relance.touch.Touch;
import com.relance.touch.TouchChanged;
import com.relance.touch.TouchStatus;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.task.Task;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.type.classreading.MetadataReader;
import org.springframework.core.type.classreading.MetadataReaderFactory;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * The product under test: Relance on its embedded MongoDB server (or {@code bench.mongo}), Camunda on the
 * benchmark's database, emails to the harness's SMTP sink. Prospects arrive through the CSV import
 * endpoint, the campaign and its enrollment job through the campaign API, replies through
 * {@link Prospects#changeStatus} (what {@code POST /api/prospects/{id}/signals} calls).
 */
final class RelancePhase implements Waves.Subject, AutoCloseable {

    static final String PROCESS_KEY = "benchEightSteps";
    static final int CALLERS = 20;
    private static final String MARKETER = "benchmarketer";
    private static final String MANAGER = "benchmanager";
    private static final String PASSWORD = "bench-password";
    private static final String EMAIL_WITHOUT_EFFECTS = "benchEmailWithoutEffects";
    /** Quiet: under a fifth of one core over two seconds; measured anyway (and said so) after three minutes. */
    private static final double QUIET_CORE_SHARE = 0.2;
    private static final Duration QUIET_WINDOW = Duration.ofSeconds(2);
    private static final Duration QUIET_LIMIT = Duration.ofMinutes(3);

    private final Options options;
    private final Path dir;
    private final String tag;
    private final Probe probe = new Probe();
    private final MongoCommands mongoCommands = new MongoCommands();
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private ConfigurableApplicationContext app;
    private LinkedInStub linkedin;
    private Engine engine;
    private String baseUrl;
    private String campaignId;
    private long started;
    private List<String> prospectIds = List.of();
    private final Percentiles queueMillis = new Percentiles();
    private final Percentiles queueAfterWaveMillis = new Percentiles();
    private Quiet.Wait queueSettle = new Quiet.Wait(0, false);
    private final Percentiles engineQueueMillis = new Percentiles();
    private long openCallTasks;
    private final java.util.concurrent.atomic.AtomicLong replyErrors = new java.util.concurrent.atomic.AtomicLong();
    private volatile String firstReplyError;

    RelancePhase(Options options, Path dir) {
        this.options = options;
        this.dir = dir;
        this.tag = "bench-" + Long.toString(System.currentTimeMillis(), 36);
    }

    void start(Database database, int smtpPort) throws IOException {
        linkedin = new LinkedInStub();
        List<String> args = new ArrayList<>(List.of(
                "--relance.data-dir=" + dir.resolve("relance-data"),
                "--relance.embedded.mongo.port=0",
                "--server.port=0",
                "--camunda.bpm.process-engine-name=benchRelance",
                "--relance.demo.enabled=false",
                "--relance.windows.enabled=false",
                "--relance.throttles.emails-per-day=1000000000",
                "--relance.throttles.linkedin-connection-requests-per-week=1000000000",
                "--relance.throttles.linkedin-profile-visits-per-day=1000000000",
                "--relance.linkedin.provider-url=" + linkedin.url(),
                "--relance.linkedin.api-token=bench",
                "--spring.mail.host=127.0.0.1",
                "--spring.mail.port=" + smtpPort,
                "--logging.file.name=" + dir.resolve("relance.log")));
        args.addAll(database.springArgs());
        args.addAll(Options.engineArgs());
        args.addAll(options.extraArgs());
        app = new SpringApplicationBuilder(RelanceApplication.class)
                .initializers(context -> {
                    context.getBeanFactory().registerSingleton("benchProbe", probe);
                    context.getBeanFactory().registerSingleton("benchMongoCommands", mongoCommands);
                    context.getBeanFactory().registerSingleton("benchClassesExcluded", new BenchClassesExcluded());
                    if (options.emailsWithoutEffects()) {
                        context.getBeanFactory().registerSingleton(EMAIL_WITHOUT_EFFECTS, (JavaDelegate) execution -> {
                        });
                    }
                })
                .run(args.toArray(String[]::new));
        engine = new Engine(app);
        // nothing runs until the waves start: enrollment is measured on its own
        engine.jobExecutor().shutdown();
        baseUrl = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
        createUsers(app.getBean(IdentityService.class));
        app.getBean(org.camunda.bpm.engine.RepositoryService.class).createDeployment()
                .name("relance-benchmark")
                .addString("relance-eight-steps.bpmn", sequence())
                .deploy();
    }

    /**
     * The benchmark's sequence; with {@code bench.email-steps=none} its email steps call a delegate that does
     * nothing, so the run measures what Relance costs without the emails' work (rendering, SMTP, their MongoDB
     * round trips): the most a different way of sending could save.
     */
    private String sequence() throws IOException {
        String bpmn;
        try (InputStream in = new ClassPathResource("bench/relance-eight-steps.bpmn").getInputStream()) {
            bpmn = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!options.emailsWithoutEffects()) {
            return bpmn;
        }
        String withoutEffects = bpmn.replace("${sendEmail}", "${" + EMAIL_WITHOUT_EFFECTS + "}");
        if (withoutEffects.equals(bpmn)) {
            throw new IllegalStateException("The benchmark's sequence has no ${sendEmail} step to replace");
        }
        return withoutEffects;
    }

    private static void createUsers(IdentityService identity) {
        user(identity, MARKETER, "marketing");
        user(identity, MANAGER, "managers");
        for (int i = 0; i < CALLERS; i++) {
            user(identity, caller(i), "callers");
        }
    }

    private static void user(IdentityService identity, String id, String group) {
        User user = identity.newUser(id);
        user.setFirstName(id);
        user.setLastName("Bench");
        user.setPassword(PASSWORD);
        identity.saveUser(user);
        identity.createMembership(id, group);
    }

    static String caller(int i) {
        return String.format("benchcaller%02d", i);
    }

    // ---------------------------------------------------------------- import

    record ImportFigures(long rows, long imported, int rejected, double seconds, long csvBytes) {
    }

    ImportFigures importProspects(int count) throws IOException, InterruptedException {
        Path csv = dir.resolve("prospects.csv");
        writeCsv(csv, count, tag);
        long start = System.nanoTime();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/prospects/import"))
                .header("Authorization", basic(MARKETER))
                .header("Content-Type", "text/csv")
                .timeout(Duration.ofMinutes(30))
                .POST(HttpRequest.BodyPublishers.ofFile(csv)).build(), HttpResponse.BodyHandlers.ofString());
        double seconds = (System.nanoTime() - start) / 1e9;
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Import answered " + response.statusCode() + ": " + response.body());
        }
        JsonNode result = json.readTree(response.body());
        return new ImportFigures(count, result.path("imported").asLong(), result.path("rejected").size(), seconds,
                Files.size(csv));
    }

    private static final String[] FIRST = {"Amélie", "Bruno", "Chloé", "David", "Emma", "François", "Gaëlle", "Hugo",
            "Inès", "Julien", "Karim", "Léa", "Marc", "Nina", "Olivier", "Pauline", "Quentin", "Rose", "Sami", "Tania"};
    private static final String[] LAST = {"Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit",
            "Durand", "Leroy", "Moreau", "Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "David", "Bertrand",
            "Roux", "Vincent", "Fournier", "Morel", "Girard", "André", "Lefèvre", "Mercier"};
    private static final String[] TITLES = {"CEO", "Sales Director", "Head of Growth", "CTO", "Marketing Manager"};

    /** Synthetic prospects: French mobiles in national format, accents, mixed locales; 90% have an owner. */
    static void writeCsv(Path file, int count, String tag) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("first_name,last_name,email,phone,company,title,linkedin_url,timezone,locale,owner,tags\n");
            for (int i = 0; i < count; i++) {
                String first = FIRST[i % FIRST.length];
                String last = LAST[(i / FIRST.length) % LAST.length];
                String slug = ascii(first) + "." + ascii(last) + "." + i;
                int company = i / 5;
                out.write(first + "," + last + "," + slug + "@company" + company + ".example,"
                        + String.format("06 %02d %02d %02d %02d", (i / 1_000_000) % 100, (i / 10_000) % 100, (i / 100) % 100, i % 100) + ","
                        + "\"Company " + company + ", SAS\"," + TITLES[i % TITLES.length] + ","
                        + "linkedin.com/in/" + slug.replace('.', '-') + ","
                        + (i % 2 == 0 ? "Europe/Paris" : "") + ","
                        + (i % 3 == 0 ? "en" : "fr") + ","
                        + (i % 10 == 9 ? "" : caller(i % CALLERS)) + ","
                        + tag + "|" + (i % 2 == 0 ? "saas" : "retail") + "\n");
            }
        }
    }

    private static String ascii(String name) {
        return java.text.Normalizer.normalize(name, java.text.Normalizer.Form.NFD).replaceAll("\\p{M}", "").toLowerCase();
    }

    // ---------------------------------------------------------------- enrollment

    record EnrollFigures(long enrolled, long skipped, double seconds) {
    }

    EnrollFigures enroll() throws IOException, InterruptedException {
        JsonNode campaign = post("/api/campaigns", Map.of("name", "Benchmark " + tag, "sequence", PROCESS_KEY,
                "sender", Map.of("name", "Bench Sender", "email", "sender@bench.relance.test"),
                "callerGroup", "callers", "linkedinMode", "PROVIDER"), 201);
        campaignId = campaign.path("id").asText();
        long start = System.nanoTime();
        HttpResponse<String> accepted = send("/api/campaigns/" + campaignId + "/enrollments",
                Map.of("filter", Map.of("tag", tag, "status", "ACTIVE")));
        if (accepted.statusCode() != 202) {
            throw new IllegalStateException("Enrollment answered " + accepted.statusCode() + ": " + accepted.body());
        }
        String location = accepted.headers().firstValue("Location").orElseThrow();
        JsonNode job;
        long lastReport = System.currentTimeMillis();
        while (true) {
            job = get(location);
            String status = job.path("status").asText();
            if (status.equals("DONE")) {
                break;
            }
            if (status.equals("FAILED")) {
                throw new IllegalStateException("Enrollment job failed: " + job);
            }
            if (System.currentTimeMillis() - lastReport > 10_000) {
                System.out.println("  enrolled " + job.path("processed").asLong() + "/" + job.path("total").asLong() + "...");
                lastReport = System.currentTimeMillis();
            }
            // a user's page polls a job far less often: each poll is an authenticated request and a read
            Thread.sleep(250);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        started = job.path("enrolled").asLong();
        prospectIds = allProspectIds();
        return new EnrollFigures(started, job.path("skippedCount").asLong(), seconds);
    }

    private List<String> allProspectIds() {
        Prospects prospects = app.getBean(Prospects.class);
        ProspectFilter filter = new ProspectFilter(null, null, tag, null);
        List<String> ids = new ArrayList<>();
        List<String> page;
        String last = null;
        while (!(page = prospects.idsAfter(filter, last, 5000)).isEmpty()) {
            ids.addAll(page);
            last = page.get(page.size() - 1);
        }
        return ids;
    }

    // ---------------------------------------------------------------- waves

    @Override
    public String processKey() {
        return PROCESS_KEY;
    }

    @Override
    public Engine engine() {
        return engine;
    }

    @Override
    public Probe probe() {
        return probe;
    }

    @Override
    public long started() {
        return started;
    }

    /** Each reply goes through the same call as POST /api/prospects/{id}/signals. */
    @Override
    public List<Runnable> replies() {
        Prospects prospects = app.getBean(Prospects.class);
        List<Runnable> replies = new ArrayList<>();
        for (String id : Waves.replying(prospectIds)) {
            replies.add(() -> {
                try {
                    if (!prospects.changeStatus(id, ProspectStatus.REPLIED, "bench: simulated reply")) {
                        throw new IllegalStateException("Prospect " + id + " did not change status");
                    }
                } catch (org.camunda.bpm.engine.ProcessEngineException e) {
                    // counted and reported: the signal's caller (POST /signals) would have received an error
                    if (replyErrors.getAndIncrement() == 0) {
                        firstReplyError = e.toString();
                    }
                }
            });
        }
        return replies;
    }

    long replyErrors() {
        return replyErrors.get();
    }

    String firstReplyError() {
        return firstReplyError;
    }

    @Override
    public String groupWorker() {
        return caller(0);
    }

    /**
     * The caller queue as the console loads it ({@code GET /api/console/queue} over HTTP: the queue table, the
     * prospects and campaigns of the listed tasks, today's counters), 200 times after 20 to warm up, twice: right
     * after the wave that opened the calls, while the engine's database and the MongoDB store still write and
     * compact what the burst left and the collector catches up, then once this JVM has gone quiet (a caller's
     * day, where calls come due a few at a time). Then the engine's task query alone (the caller's own tasks or
     * their group's unassigned ones, soonest due first, first page of 50, authorizations applied), which the
     * baseline measures too.
     */
    @Override
    public void whileCallsAreOpen() {
        TaskService tasks = engine.engine().getTaskService();
        IdentityService identity = engine.engine().getIdentityService();
        openCallTasks = tasks.createTaskQuery().taskDefinitionKey("coldCall").count();
        loadQueues(queueAfterWaveMillis);
        try {
            queueSettle = Quiet.await(QUIET_CORE_SHARE, QUIET_WINDOW, QUIET_LIMIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the JVM to go quiet", e);
        }
        loadQueues(queueMillis);
        for (int i = 0; i < 220; i++) {
            String caller = caller(i % CALLERS);
            identity.setAuthentication(caller, List.of("callers"));
            try {
                long start = System.nanoTime();
                List<Task> page = tasks.createTaskQuery()
                        .or().taskAssignee(caller).taskCandidateGroup("callers").endOr()
                        .orderByDueDate().asc()
                        .listPage(0, 50);
                long millis = (System.nanoTime() - start) / 1_000_000;
                if (page.isEmpty()) {
                    throw new IllegalStateException("Caller " + caller + " has an empty queue");
                }
                if (i >= 20) { // the first 20 warm up
                    engineQueueMillis.add(millis);
                }
            } finally {
                identity.clearAuthentication();
            }
        }
    }

    private void loadQueues(Percentiles millisTaken) {
        for (int i = 0; i < 220; i++) {
            String caller = caller(i % CALLERS);
            long start = System.nanoTime();
            HttpResponse<String> queue;
            try {
                queue = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/console/queue"))
                        .header("Authorization", basic(caller)).GET().build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException("Queue of " + caller + " failed", e);
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            if (queue.statusCode() != 200 || !queue.body().contains("\"dueNow\":[{")) {
                throw new IllegalStateException("Caller " + caller + " has no calls due in their queue: " + queue.statusCode());
            }
            if (i >= 20) { // the first 20 warm up
                millisTaken.add(millis);
            }
        }
    }

    /** The queue loads right after the wave that opened the calls. */
    Percentiles queueAfterWaveMillis() {
        return queueAfterWaveMillis;
    }

    /** How long this JVM took to go quiet before the second measurement. */
    Quiet.Wait queueSettle() {
        return queueSettle;
    }

    Percentiles engineQueueMillis() {
        return engineQueueMillis;
    }

    Percentiles queueMillis() {
        return queueMillis;
    }

    long openCallTasks() {
        return openCallTasks;
    }

    // ---------------------------------------------------------------- after the run

    /**
     * Latency from the moment the harness made a step due to its side effect, from the product's own
     * touches: an email's {@code sentAt} (handed to the SMTP server), a task's touch {@code createdAt}
     * (written when the task is created). A follow-up email is due when its prospect's call was completed
     * (the call touch's {@code updatedAt}).
     */
    private static final int STREAM_BATCH = 10_000;

    Map<String, Percentiles> latencies(Map<String, Long> dueAt) {
        MongoTemplate mongo = app.getBean(MongoTemplate.class);
        Map<String, Long> callDoneAt = new HashMap<>();
        Query calls = Query.query(where("campaignId").is(campaignId).and("activityId").is("coldCall"));
        calls.fields().include("processInstanceId", "updatedAt");
        // batches: the embedded server otherwise answers with every document at once (61 MB at 100,000
        // prospects, over the driver's 48 MB limit)
        calls.cursorBatchSize(STREAM_BATCH);
        try (var stream = mongo.stream(calls, Document.class, "touches")) {
            stream.forEach(d -> callDoneAt.put(d.getString("processInstanceId"), d.getDate("updatedAt").getTime()));
        }
        Map<String, Percentiles> byStep = new LinkedHashMap<>();
        for (String step : List.of("introEmail", "connectionRequest", "coldCall", "followUpEmail", "breakUpEmail")) {
            byStep.put(step, new Percentiles());
        }
        Query all = Query.query(where("campaignId").is(campaignId));
        all.fields().include("processInstanceId", "activityId", "createdAt", "sentAt", "channel");
        all.cursorBatchSize(STREAM_BATCH);
        try (var stream = mongo.stream(all, Document.class, "touches")) {
            stream.forEach(d -> {
                String step = d.getString("activityId");
                Percentiles percentiles = byStep.get(step);
                if (percentiles == null) {
                    return;
                }
                boolean email = "EMAIL".equals(d.getString("channel"));
                java.util.Date effect = email ? d.getDate("sentAt") : d.getDate("createdAt");
                Long due = step.equals("followUpEmail") ? callDoneAt.get(d.getString("processInstanceId")) : dueAt.get(step);
                if (effect != null && due != null) {
                    percentiles.add(Math.max(0, effect.getTime() - due));
                }
            });
        }
        return byStep;
    }

    /**
     * A campaign's stats as the dashboard asks for them: {@code GET /api/campaigns/{id}/stats} as a manager,
     * over HTTP (funnel, daily series, steps, callers from the counters). With {@code bench.stats-touches},
     * synthetic touches are first added to the campaign and counted by the product's recorder
     * ({@link #addSyntheticTouches}), so the stats read covers that many touches.
     */
    record StatsFigures(long touches, Percentiles millis) {
    }

    StatsFigures stats(long wantedTouches) throws IOException, InterruptedException {
        MongoTemplate mongo = app.getBean(MongoTemplate.class);
        // the run's database holds this one campaign
        long touches = documentsIn(mongo, "touches");
        if (wantedTouches > touches) {
            addSyntheticTouches(mongo, wantedTouches - touches);
            touches = wantedTouches;
        }
        Percentiles millis = new Percentiles();
        long deadline = System.currentTimeMillis() + 120_000;
        for (int i = 0; i < 55 && System.currentTimeMillis() < deadline; i++) {
            long start = System.nanoTime();
            JsonNode stats = get("/api/campaigns/" + campaignId + "/stats", MANAGER);
            if (stats.path("funnel").path(0).path("count").asLong() == 0) {
                throw new IllegalStateException("No enrolled prospect in the stats of campaign " + campaignId + ": " + stats);
            }
            if (i >= 5) {
                millis.add((System.nanoTime() - start) / 1_000_000);
            }
        }
        return new StatsFigures(touches, millis);
    }

    /**
     * Synthetic touches of the run's campaign, as the steps record them: stored in {@code touches}, then
     * published as {@link TouchChanged} events, so that the product's own recorder counts them (funnel marks,
     * daily figures, last touches) exactly as a step's touch. Spread over the last 30 days, five per synthetic
     * prospect, across the campaign's email, LinkedIn and call steps.
     */
    private void addSyntheticTouches(MongoTemplate mongo, long count) {
        String[] steps = {"introEmail", "connectionRequest", "coldCall", "followUpEmail", "breakUpEmail"};
        Channel[] channels = {Channel.EMAIL, Channel.LINKEDIN, Channel.CALL, Channel.EMAIL, Channel.EMAIL};
        String[] outcomes = {null, Touch.LINKEDIN_CONNECTED, "NO_ANSWER", null, null};
        TouchChanged.Change[] changes = {TouchChanged.Change.SENT, TouchChanged.Change.SENT, TouchChanged.Change.SENT,
                TouchChanged.Change.SKIPPED, TouchChanged.Change.FAILED};
        java.time.Instant now = java.time.Instant.now();
        long t = System.nanoTime();
        for (long done = 0; done < count; ) {
            BulkOperations bulk = mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, "touches");
            int batch = (int) Math.min(5_000, count - done);
            List<TouchChanged> changed = new ArrayList<>(batch);
            for (int i = 0; i < batch; i++) {
                long n = done + i;
                int step = (int) (n % steps.length);
                TouchChanged.Change change = changes[(int) ((n / steps.length) % changes.length)];
                TouchStatus status = change == TouchChanged.Change.SENT ? TouchStatus.SENT
                        : change == TouchChanged.Change.SKIPPED ? TouchStatus.SKIPPED : TouchStatus.FAILED;
                java.time.Instant at = now.minus(java.time.Duration.ofMinutes(n % (30 * 24 * 60)));
                String prospect = "synthetic-" + (n / steps.length);
                Touch touch = new Touch("synthetic:" + n, prospect, campaignId, prospect, steps[step], channels[step], null,
                        null, null, status, channels[step] == Channel.CALL ? caller((int) (n % CALLERS)) : null, null,
                        outcomes[step], null, null, null, null, 1, at, at, at, null, null, null, null);
                bulk.insert(new Document("_id", touch.id()).append("campaignId", campaignId)
                        .append("prospectId", prospect).append("processInstanceId", prospect)
                        .append("activityId", touch.activityId()).append("channel", touch.channel().name())
                        .append("status", status.name()).append("outcome", touch.outcome()).append("caller", touch.caller())
                        .append("attempts", 1).append("createdAt", java.util.Date.from(at))
                        .append("updatedAt", java.util.Date.from(at)).append("sentAt", java.util.Date.from(at)));
                changed.add(new TouchChanged(touch, change));
            }
            bulk.execute();
            changed.forEach(app::publishEvent);
            done += batch;
            if (done % 100_000 == 0 || done == count) {
                System.out.printf("  synthetic touches: %d/%d stored and counted (%.0f s)%n", done, count,
                        (System.nanoTime() - t) / 1e9);
            }
        }
    }

    /**
     * The count command, not a filtered count or countDocuments: those are aggregations, which the embedded server
     * answers by reading every matching document into memory (out of heap with 100,000 prospects' touches).
     */
    private static long documentsIn(MongoTemplate mongo, String collection) {
        return mongo.estimatedCount(collection);
    }

    /** MongoDB data size: the server's dbStats when it answers with a size, else the BSON size of every document. */
    record MongoSize(long bytes, String method, Map<String, Long> documents) {
    }

    MongoSize mongoSize() {
        MongoTemplate mongo = app.getBean(MongoTemplate.class);
        Map<String, Long> documents = new LinkedHashMap<>();
        for (String collection : mongo.getCollectionNames()) {
            documents.put(collection, documentsIn(mongo, collection));
        }
        try {
            Document stats = mongo.getDb().runCommand(new Document("dbStats", 1));
            Object dataSize = stats.get("dataSize");
            if (dataSize instanceof Number size && size.longValue() > 0) {
                return new MongoSize(size.longValue(), "dbStats.dataSize", documents);
            }
        } catch (RuntimeException e) {
            // the embedded server may not answer dbStats
        }
        long bytes = 0;
        for (String collection : documents.keySet()) {
            for (RawBsonDocument document : mongo.getDb().getCollection(collection, RawBsonDocument.class).find()) {
                bytes += document.getByteBuffer().remaining();
            }
        }
        return new MongoSize(bytes, "sum of BSON document sizes (dbStats gave no dataSize)", documents);
    }

    Map<String, Object> batchSettings() {
        var env = app.getEnvironment();
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("import_batch_size", Integer.parseInt(env.getProperty("relance.prospects.import-batch-size", "1000")));
        settings.put("enrollment_batch_size", Integer.parseInt(env.getProperty("relance.campaigns.enrollment-batch-size", "500")));
        return settings;
    }

    // ---------------------------------------------------------------- HTTP

    private JsonNode post(String path, Object body, int expected) throws IOException, InterruptedException {
        HttpResponse<String> response = send(path, body);
        if (response.statusCode() != expected) {
            throw new IllegalStateException("POST " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return json.readTree(response.body());
    }

    private HttpResponse<String> send(String path, Object body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Authorization", basic(MARKETER))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        return get(path, MARKETER);
    }

    private JsonNode get(String path, String user) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Authorization", basic(user)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return json.readTree(response.body());
    }

    private static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    MongoCommands mongoCommands() {
        return mongoCommands;
    }

    long linkedinActions() {
        return linkedin.actions();
    }

    @Override
    public void close() {
        if (app != null) {
            app.close();
        }
        if (linkedin != null) {
            linkedin.close();
        }
    }

    /**
     * Keeps the benchmark's own classes and the test classes (also on this JVM's class path) out of
     * Relance's component scan: the product runs with exactly its own beans plus the probe.
     */
    static final class BenchClassesExcluded extends TypeExcludeFilter {
        @Override
        public boolean match(MetadataReader reader, MetadataReaderFactory factory) {
            if (reader.getClassMetadata().getClassName().startsWith("com.relance.bench.")) {
                return true;
            }
            try {
                return reader.getResource().getURL().toString().contains("/test-classes/");
            } catch (IOException e) {
                return false;
            }
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof BenchClassesExcluded;
        }

        @Override
        public int hashCode() {
            return BenchClassesExcluded.class.hashCode();
        }
    }
}
