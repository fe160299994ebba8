package com.relance.console;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.relance.sequence.Sequences;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.bpmn.behavior.UserTaskActivityBehavior;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParse;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.entity.TaskEntity;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.camunda.bpm.engine.runtime.VariableInstance;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.camunda.bpm.engine.task.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The callers' queue as a table of its own in the engine's database, {@code RELANCE_CALLER_QUEUE}: one row per
 * open call or LinkedIn task and per person or group who may see it (its assignee, else each candidate user and
 * group), indexed by audience, kind and due time.
 *
 * <p>Why: Camunda's task query for "mine or my groups', soonest due first" joins the identity links and sorts
 * every open task of the group; at 100,000 open calls that is 150 to 350 ms on H2 for each page. Here a page is
 * an index range read that stops after the rows it needs. A task listener on every call and LinkedIn task
 * keeps the table in step, in the engine's own transaction: a rolled-back command rolls its rows back too.
 */
@Component
class CallerQueue extends AbstractProcessEnginePlugin {

    static final String TABLE = "RELANCE_CALLER_QUEUE";
    static final String CALL = "CALL";
    static final String LINKEDIN = "LINKEDIN";

    private static final Logger log = LoggerFactory.getLogger(CallerQueue.class);
    private static final String COLUMNS = "TASK_ID_, AUDIENCE_, KIND_, SORT_AT_, DUE_, PRIORITY_, NAME_, PROC_INST_ID_, "
            + "PROSPECT_ID_, CAMPAIGN_ID_";
    private static final int BACKFILL_PAGE = 1_000;

    private final JdbcTemplate jdbc;

    CallerQueue(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** An open task as the queue lists it; {@code due} is null for a task without a due date. */
    record Entry(String taskId, String kind, String name, Instant due, int priority, String processInstanceId,
                 String prospectId, String campaignId) {
    }

    /**
     * The first {@code limit} open tasks of {@code kind} that {@code user} may work on: assigned to them, or
     * unassigned with them or one of {@code groups} as candidates. Soonest due first (a task without a due date
     * by its creation time), then highest priority.
     */
    List<Entry> first(String user, Collection<String> groups, String kind, int limit) {
        Map<String, Ranked> byTask = new LinkedHashMap<>();
        Set<String> audiences = new LinkedHashSet<>();
        audiences.add(userAudience(user));
        groups.forEach(group -> audiences.add(groupAudience(group)));
        for (String audience : audiences) {
            // ORDER BY repeats the equality columns so that H2 reads the index in order and stops at the limit
            jdbc.query("select " + COLUMNS + " from " + TABLE + " where AUDIENCE_ = ? and KIND_ = ?"
                            + " order by AUDIENCE_, KIND_, SORT_AT_, PRIORITY_ desc fetch first " + limit + " rows only",
                    row -> {
                        Timestamp due = row.getTimestamp("DUE_");
                        Entry entry = new Entry(row.getString("TASK_ID_"), row.getString("KIND_"), row.getString("NAME_"),
                                due == null ? null : due.toInstant(), row.getInt("PRIORITY_"), row.getString("PROC_INST_ID_"),
                                row.getString("PROSPECT_ID_"), row.getString("CAMPAIGN_ID_"));
                        byTask.putIfAbsent(entry.taskId(), new Ranked(row.getTimestamp("SORT_AT_").toInstant(), entry));
                    }, audience, kind);
        }
        return byTask.values().stream().sorted(Ranked.ORDER).limit(limit).map(Ranked::entry).toList();
    }

    private record Ranked(Instant sortAt, Entry entry) {
        static final Comparator<Ranked> ORDER = Comparator.comparing(Ranked::sortAt)
                .thenComparing(r -> r.entry().priority(), Comparator.reverseOrder())
                .thenComparing(r -> r.entry().taskId());
    }

    // ------------------------------------------------------------------ keeping the table in step

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        Sequences.addParseListener(configuration, new AbstractBpmnParseListener() {
            @Override
            public void parseUserTask(Element element, ScopeImpl scope, ActivityImpl activity) {
                String kind = kindOf(element.attributeNS(BpmnParse.CAMUNDA_BPMN_EXTENSIONS_NS, "formKey"));
                if (kind == null) {
                    return;
                }
                // built in: a listener the BPMN declares may be skipped (skipCustomListeners), this one never is
                var definition = ((UserTaskActivityBehavior) activity.getActivityBehavior()).getTaskDefinition();
                TaskListener listener = task -> follow(task, kind);
                for (String event : List.of(TaskListener.EVENTNAME_CREATE, TaskListener.EVENTNAME_ASSIGNMENT,
                        TaskListener.EVENTNAME_UPDATE, TaskListener.EVENTNAME_COMPLETE, TaskListener.EVENTNAME_DELETE)) {
                    definition.addBuiltInTaskListener(event, listener);
                }
            }
        });
    }

    /** Creates the table on first start and fills it from the tasks already open (a database from before it). */
    @Override
    public void postProcessEngineBuild(ProcessEngine engine) {
        Integer existing = jdbc.queryForObject("select count(*) from INFORMATION_SCHEMA.TABLES where upper(TABLE_NAME) = ?",
                Integer.class, TABLE);
        if (existing != null && existing > 0) {
            return;
        }
        jdbc.execute("create table if not exists " + TABLE + " (TASK_ID_ varchar(64) not null, AUDIENCE_ varchar(300) not null,"
                + " KIND_ varchar(16) not null, SORT_AT_ timestamp not null, DUE_ timestamp, PRIORITY_ integer not null,"
                + " NAME_ varchar(255), PROC_INST_ID_ varchar(64), PROSPECT_ID_ varchar(64), CAMPAIGN_ID_ varchar(64),"
                + " primary key (TASK_ID_, AUDIENCE_))");
        jdbc.execute("create index if not exists RELANCE_IDX_CALLER_QUEUE on " + TABLE
                + " (AUDIENCE_, KIND_, SORT_AT_, PRIORITY_ desc)");
        backfill(engine);
    }

    private void backfill(ProcessEngine engine) {
        long filled = 0;
        for (int first = 0; ; first += BACKFILL_PAGE) {
            List<Task> page = engine.getTaskService().createTaskQuery().initializeFormKeys().orderByTaskId().asc()
                    .listPage(first, BACKFILL_PAGE);
            List<Task> ours = page.stream().filter(task -> kindOf(task.getFormKey()) != null).toList();
            Map<String, Map<String, Object>> variables = new LinkedHashMap<>();
            String[] instances = ours.stream().map(Task::getProcessInstanceId).filter(id -> id != null).distinct()
                    .toArray(String[]::new);
            if (instances.length > 0) {
                for (VariableInstance variable : engine.getRuntimeService().createVariableInstanceQuery()
                        .processInstanceIdIn(instances).variableNameIn(Sequences.PROSPECT_ID, Sequences.CAMPAIGN_ID).list()) {
                    variables.computeIfAbsent(variable.getProcessInstanceId(), id -> new LinkedHashMap<>())
                            .put(variable.getName(), variable.getValue());
                }
            }
            for (Task task : ours) {
                Map<String, Object> of = variables.getOrDefault(task.getProcessInstanceId(), Map.of());
                List<String> audiences = audiences(task.getAssignee(),
                        engine.getTaskService().getIdentityLinksForTask(task.getId()));
                insert(task.getId(), audiences, kindOf(task.getFormKey()), task.getName(), task.getDueDate(),
                        task.getCreateTime(), task.getPriority(), task.getProcessInstanceId(),
                        (String) of.get(Sequences.PROSPECT_ID), (String) of.get(Sequences.CAMPAIGN_ID));
                filled++;
            }
            if (page.size() < BACKFILL_PAGE) {
                break;
            }
        }
        if (filled > 0) {
            log.info("Caller queue table created with the {} call and LinkedIn tasks already open", filled);
        }
    }

    /** Rewrites a task's rows after any change the engine tells its listeners about; removes them when it is done. */
    private void follow(DelegateTask task, String kind) {
        if (!TaskListener.EVENTNAME_CREATE.equals(task.getEventName())) {
            // a task being created has no rows yet
            jdbc.update("delete from " + TABLE + " where TASK_ID_ = ?", task.getId());
        }
        // the state as the engine stores it (TASK_STATE_): a listener may complete a task while it is being created
        String state = ((TaskEntity) task).getTaskState();
        boolean open = !TaskListener.EVENTNAME_COMPLETE.equals(task.getEventName())
                && !TaskListener.EVENTNAME_DELETE.equals(task.getEventName())
                && !"Completed".equals(state) && !"Deleted".equals(state);
        if (!open) {
            return;
        }
        insert(task.getId(), audiences(task.getAssignee(), task.getCandidates()), kind, task.getName(), task.getDueDate(),
                task.getCreateTime(), task.getPriority(), task.getProcessInstanceId(),
                (String) task.getVariable(Sequences.PROSPECT_ID), (String) task.getVariable(Sequences.CAMPAIGN_ID));
    }

    private void insert(String taskId, List<String> audiences, String kind, String name, Date due, Date created,
                        int priority, String processInstanceId, String prospectId, String campaignId) {
        Date sortAt = due != null ? due : created != null ? created : new Date();
        for (String audience : audiences) {
            jdbc.update("insert into " + TABLE + " (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", taskId, audience,
                    kind, new Timestamp(sortAt.getTime()), due == null ? null : new Timestamp(due.getTime()), priority, name,
                    processInstanceId, prospectId, campaignId);
        }
    }

    /** Who sees a task: its assignee alone once it has one, else its candidate users and groups. */
    private static List<String> audiences(String assignee, Collection<? extends IdentityLink> links) {
        if (assignee != null) {
            return List.of(userAudience(assignee));
        }
        return links.stream().filter(link -> IdentityLinkType.CANDIDATE.equals(link.getType()))
                .map(link -> link.getUserId() != null ? userAudience(link.getUserId()) : groupAudience(link.getGroupId()))
                .distinct().toList();
    }

    private static String userAudience(String user) {
        return "user:" + user;
    }

    private static String groupAudience(String group) {
        return "group:" + group;
    }

    static String kindOf(String formKey) {
        if (CallDesk.CALL_FORM.equals(formKey)) {
            return CALL;
        }
        return CallDesk.LINKEDIN_FORM.equals(formKey) ? LINKEDIN : null;
    }
}
