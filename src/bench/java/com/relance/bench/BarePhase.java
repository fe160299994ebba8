package com.relance.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.relance.bench.bare.BareCamunda;
import com.relance.sequence.Sequences;
import org.bson.types.ObjectId;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.identity.User;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The baseline phase: the same 8-step shape on bare Camunda. Instances start from one thread (as
 * Relance's enrollment job does), carrying the owner as a variable; replies are message correlations
 * by business key; tasks are completed the same way.
 */
final class BarePhase implements Waves.Subject, AutoCloseable {

    static final String PROCESS_KEY = "bareEightSteps";

    private final Options options;
    private final Path dir;
    private final Probe probe = new Probe();
    private ConfigurableApplicationContext app;
    private Engine engine;
    /** The started instances' business keys, in start order. */
    private List<String> businessKeys = List.of();
    private final Percentiles queueMillis = new Percentiles();

    BarePhase(Options options, Path dir) {
        this.options = options;
        this.dir = dir;
    }

    void start(Database database) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--camunda.bpm.process-engine-name=benchBare",
                "--logging.file.name=" + dir.resolve("baseline.log")));
        args.addAll(database.springArgs());
        args.addAll(Options.engineArgs());
        args.addAll(options.extraArgs());
        app = new SpringApplicationBuilder(BareCamunda.class)
                .initializers(context -> context.getBeanFactory().registerSingleton("benchProbe", probe))
                .run(args.toArray(String[]::new));
        engine = new Engine(app);
        engine.jobExecutor().shutdown();
        // the engine settings both phases read from application.yml acquire jobs by due date, with the index
        // Relance adds for it (SequenceIndexes); without it each acquisition would sort every due job
        new JdbcTemplate(app.getBean(DataSource.class))
                .execute("create index if not exists RELANCE_IDX_JOB_DUE on ACT_RU_JOB (DUEDATE_)");
        IdentityService identity = engine.engine().getIdentityService();
        if (identity.createGroupQuery().groupId("callers").count() == 0) {
            identity.saveGroup(identity.newGroup("callers"));
        }
        for (int i = 0; i < RelancePhase.CALLERS; i++) {
            User user = identity.newUser(RelancePhase.caller(i));
            user.setPassword("bench-password");
            identity.saveUser(user);
            identity.createMembership(user.getId(), "callers");
        }
        engine.engine().getRepositoryService().createDeployment()
                .name("baseline-benchmark")
                .addClasspathResource("bench/bare-eight-steps.bpmn")
                .addClasspathResource("bench/bare-wait.bpmn")
                .deploy();
    }

    /** Starts one instance per prospect from one thread; returns the seconds it took. */
    double startInstances(int count) {
        RuntimeService runtime = engine.engine().getRuntimeService();
        long start = System.nanoTime();
        String campaignId = new ObjectId().toHexString();
        businessKeys = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            // identifiers shaped as Relance's (MongoDB ObjectIds, the product's business key), so both engines
            // store, index and compare the same kind of values
            String prospectId = new ObjectId().toHexString();
            String businessKey = Sequences.businessKey(campaignId, prospectId);
            businessKeys.add(businessKey);
            Map<String, Object> variables = new HashMap<>();
            variables.put("prospectId", prospectId);
            variables.put("campaignId", campaignId);
            variables.put("owner", i % 10 == 9 ? null : RelancePhase.caller(i % RelancePhase.CALLERS));
            runtime.startProcessInstanceByKey(PROCESS_KEY, businessKey, variables);
        }
        return (System.nanoTime() - start) / 1e9;
    }

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
        return businessKeys.size();
    }

    @Override
    public List<Runnable> replies() {
        RuntimeService runtime = engine.engine().getRuntimeService();
        List<Runnable> replies = new ArrayList<>();
        for (String businessKey : Waves.replying(businessKeys)) {
            replies.add(() -> runtime.createMessageCorrelation("ProspectReplied")
                    .processInstanceBusinessKey(businessKey).correlateAll());
        }
        return replies;
    }

    @Override
    public String groupWorker() {
        return RelancePhase.caller(0);
    }

    /** The same caller-queue query as for Relance, for comparison. */
    @Override
    public void whileCallsAreOpen() {
        TaskService tasks = engine.engine().getTaskService();
        IdentityService identity = engine.engine().getIdentityService();
        for (int i = 0; i < 220; i++) {
            String caller = RelancePhase.caller(i % RelancePhase.CALLERS);
            identity.setAuthentication(caller, List.of("callers"));
            try {
                long start = System.nanoTime();
                tasks.createTaskQuery().or().taskAssignee(caller).taskCandidateGroup("callers").endOr()
                        .orderByDueDate().asc().listPage(0, 50);
                if (i >= 20) {
                    queueMillis.add((System.nanoTime() - start) / 1_000_000);
                }
            } finally {
                identity.clearAuthentication();
            }
        }
    }

    Percentiles queueMillis() {
        return queueMillis;
    }

    @Override
    public void close() {
        if (app != null) {
            app.close();
        }
    }
}
