package com.relance.console;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.relance.campaign.Campaign;
import com.relance.campaign.Campaigns;
import com.relance.meeting.Meeting;
import com.relance.meeting.MeetingInvitations;
import com.relance.meeting.Meetings;
import com.relance.prospect.Prospect;
import com.relance.prospect.ProspectStatus;
import com.relance.prospect.ProspectSummary;
import com.relance.prospect.Prospects;
import com.relance.sequence.EngineTime;
import com.relance.sequence.Sequences;
import com.relance.sequence.StepRun;
import com.relance.touch.Channel;
import com.relance.touch.Touch;
import com.relance.touch.Touches;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

/**
 * The callers' desk: their queue of call and LinkedIn tasks, the outcome of each, and the day's
 * counters. A caller sees and completes only tasks assigned to them and unassigned tasks of their groups.
 */
// public, with its views: the console's Thymeleaf pages read them through reflection
@Component
public class CallDesk {

    static final String CALL_FORM = "embedded:/forms/relance-call.html";
    static final String LINKEDIN_FORM = "embedded:/forms/relance-linkedin.html";

    private final TaskService taskService;
    private final RuntimeService runtimeService;
    private final IdentityService identityService;
    private final CallerQueue callerQueue;
    private final Prospects prospects;
    private final Campaigns campaigns;
    private final Touches touches;
    private final Meetings meetings;
    private final MeetingInvitations invitations;
    private final Clock clock;
    private final ZoneId deskZone;
    private final int queueSize;

    CallDesk(TaskService taskService, RuntimeService runtimeService, IdentityService identityService, CallerQueue callerQueue,
             Prospects prospects, Campaigns campaigns, Touches touches, Meetings meetings, MeetingInvitations invitations,
             Clock clock, ConsoleProperties properties) {
        this.taskService = taskService;
        this.runtimeService = runtimeService;
        this.identityService = identityService;
        this.callerQueue = callerQueue;
        this.prospects = prospects;
        this.campaigns = campaigns;
        this.touches = touches;
        this.meetings = meetings;
        this.invitations = invitations;
        this.clock = clock;
        this.deskZone = properties.timeZone();
        this.queueSize = properties.queueSize();
    }

    /**
     * A caller's queue: due now and overdue first, then later today, then LinkedIn tasks; at most
     * {@code relance.console.queue-size} calls and as many LinkedIn tasks. {@code moreCalls}: calls beyond those
     * listed wait too (due later, or overdue behind the listed ones).
     */
    public record Queue(List<DeskTask> dueNow, List<DeskTask> laterToday, List<DeskTask> linkedin, boolean moreCalls,
                        Counters counters) {
    }

    /** Today's figures at the top of the console. */
    public record Counters(long done, long connects, long meetings) {
    }

    Queue queue(String user) {
        Instant now = EngineTime.now();
        Instant endOfDay = LocalDate.ofInstant(now, deskZone).plusDays(1).atStartOfDay(deskZone).toInstant();
        List<String> groups = identityService.createGroupQuery().groupMember(user).list().stream().map(Group::getId).toList();
        // one more call than listed tells whether more are waiting
        List<CallerQueue.Entry> calls = callerQueue.first(user, groups, CallerQueue.CALL, queueSize + 1);
        List<CallerQueue.Entry> entries = new ArrayList<>(calls.subList(0, Math.min(queueSize, calls.size())));
        entries.addAll(callerQueue.first(user, groups, CallerQueue.LINKEDIN, queueSize));
        List<DeskTask> all = describe(entries, now);
        List<DeskTask> dueNow = all.stream().filter(t -> t.call() && t.due() != null && !t.due().isAfter(now)).toList();
        List<DeskTask> later = all.stream().filter(t -> t.call() && t.due() != null && t.due().isAfter(now)
                && t.due().isBefore(endOfDay)).toList();
        List<DeskTask> linkedin = all.stream().filter(t -> !t.call()).toList();
        return new Queue(dueNow, later, linkedin, calls.size() > queueSize, counters(user));
    }

    /** The next task to work on after {@code doneTaskId}: the first due call, else the first LinkedIn task. */
    Optional<String> next(String user, String doneTaskId) {
        Queue queue = queue(user);
        return java.util.stream.Stream.of(queue.dueNow(), queue.linkedin()).flatMap(List::stream)
                .map(DeskTask::id).filter(id -> !id.equals(doneTaskId)).findFirst();
    }

    /** One task, if the user may work on it; 403 otherwise, 404 when it is gone. */
    DeskTask task(String user, String taskId) {
        return describe(accessible(user, taskId), EngineTime.now());
    }

    /** The task's prospect, whole (the task lists only a summary); 404 when the prospect was deleted. */
    Prospect prospect(DeskTask task) {
        return Optional.ofNullable(task.prospect()).flatMap(summary -> prospects.find(summary.id()))
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "The prospect of this task no longer exists"));
    }

    /** The prospect's history, newest first. */
    List<Touch> timeline(String prospectId) {
        return touches.ofProspect(prospectId, org.springframework.data.domain.PageRequest.of(0, 100,
                org.springframework.data.domain.Sort.by(org.springframework.data.domain.Sort.Direction.DESC, "createdAt")))
                .getContent();
    }

    /** The prospect's meetings, soonest first. */
    List<Meeting> meetingsOf(String prospectId) {
        return meetings.search(null, null, prospectId, null, null, org.springframework.data.domain.PageRequest.of(0, 20,
                org.springframework.data.domain.Sort.by("startsAt"))).getContent();
    }

    /** The task's step input, e.g. {@code script} or {@code template}. */
    Object input(String taskId, String name) {
        return taskService.getVariable(taskId, name);
    }

    /** The key of the touch an open task records (see {@link StepRun#keyOfTask}). */
    String touchKey(String taskId) {
        Task task = taskService.createTaskQuery().taskId(taskId).singleResult();
        if (task == null) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No open task " + taskId);
        }
        return touchKey(task);
    }

    private String touchKey(Task task) {
        return StepRun.keyOfTask(task.getProcessInstanceId(), task.getTaskDefinitionKey(),
                taskService.getVariables(task.getId(), StepRun.taskVariables(task.getTaskDefinitionKey())));
    }

    /**
     * Records an outcome. {@code CALL_BACK} keeps the task and moves it to {@code callBackAt};
     * {@code MEETING_BOOKED} stores the meeting and tells the sequences; the others complete the task,
     * which lets the sequence branch on {@code callOutcome} (or {@code linkedinOutcome}).
     */
    void record(String user, String taskId, Outcome outcome, String notes, LocalDateTime at) {
        record(user, taskId, outcome, notes, at, false);
    }

    /** As {@link #record(String, String, Outcome, String, LocalDateTime)}; {@code confirm} emails the prospect an invitation. */
    void record(String user, String taskId, Outcome outcome, String notes, LocalDateTime at, boolean confirm) {
        Task task = accessible(user, taskId);
        DeskTask desk = describe(task, EngineTime.now());
        String note = notes == null ? "" : notes.trim();
        String touchKey = touchKey(task);
        if (desk.call() ? !Outcome.CALL.contains(outcome) : !Outcome.LINKEDIN.contains(outcome)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, outcome + " is not an outcome of this task");
        }
        if (outcome == Outcome.CALL_BACK) {
            Instant callBackAt = required(at, "callBackAt", desk).toInstant();
            if (!callBackAt.isAfter(EngineTime.now())) {
                throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "callBackAt: the call-back time must be in the future");
            }
            touches.attempt(touchKey, outcome.name(), note, user);
            task.setDueDate(java.util.Date.from(callBackAt));
            task.setAssignee(user);
            taskService.saveTask(task);
            return;
        }
        if (outcome == Outcome.MEETING_BOOKED) {
            Instant startsAt = required(at, "meetingAt", desk).toInstant();
            Meeting meeting = meetings.book(desk.prospect().id(), variable(task, Sequences.CAMPAIGN_ID), user, startsAt, 30,
                    note, touchKey);
            if (confirm) {
                invitations.send(meeting, prospect(desk), campaignOf(taskId));
            }
        }
        if (task.getAssignee() == null) {
            taskService.claim(taskId, user);
        }
        Map<String, Object> variables = new HashMap<>();
        variables.put(desk.call() ? "callOutcome" : "linkedinOutcome", outcome.name());
        variables.put("note", note);
        variables.put("completedBy", user);
        taskService.complete(taskId, variables);
        if (outcome == Outcome.MEETING_BOOKED) {
            prospects.changeStatus(desk.prospect().id(), ProspectStatus.MEETING_BOOKED, "meeting booked by " + user + " on a call");
        }
    }

    private java.time.ZonedDateTime required(LocalDateTime at, String field, DeskTask desk) {
        if (at == null) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, field + ": give the date and time (the prospect's local time)");
        }
        return at.atZone(desk.prospectLocalTime(EngineTime.now()).getZone());
    }

    private Counters counters(String user) {
        Instant startOfDay = LocalDate.ofInstant(clock.instant(), deskZone).atStartOfDay(deskZone).toInstant();
        Map<String, Long> calls = touches.outcomesBy(user, Channel.CALL, startOfDay);
        long done = 0;
        long connects = 0;
        for (Map.Entry<String, Long> outcome : calls.entrySet()) {
            if (!"CANCELLED".equals(outcome.getKey())) {
                done += outcome.getValue();
                connects += Outcome.connects(outcome.getKey()) ? outcome.getValue() : 0;
            }
        }
        return new Counters(done, connects, meetings.bookedBy(user, startOfDay));
    }

    private org.camunda.bpm.engine.task.TaskQuery mine(String user) {
        return taskService.createTaskQuery().or().taskAssignee(user).taskCandidateUser(user).endOr();
    }

    private Task accessible(String user, String taskId) {
        if (taskService.createTaskQuery().taskId(taskId).count() == 0) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "This task is done or no longer exists");
        }
        Task task = mine(user).taskId(taskId).initializeFormKeys().singleResult();
        if (task == null) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, "This task belongs to someone else");
        }
        return task;
    }

    /** One task the user may work on, as the console shows it. */
    private DeskTask describe(Task task, Instant now) {
        String kind = CallerQueue.kindOf(task.getFormKey());
        if (kind == null) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "This task is not a call or a LinkedIn task");
        }
        Map<String, Object> variables = task.getProcessInstanceId() == null ? Map.of()
                : runtimeService.getVariables(task.getProcessInstanceId(), List.of(Sequences.PROSPECT_ID, Sequences.CAMPAIGN_ID));
        Instant due = task.getDueDate() == null ? null : task.getDueDate().toInstant();
        return describe(List.of(new CallerQueue.Entry(task.getId(), kind, task.getName(), due, task.getPriority(),
                task.getProcessInstanceId(), (String) variables.get(Sequences.PROSPECT_ID),
                (String) variables.get(Sequences.CAMPAIGN_ID))), now).get(0);
    }

    /** Queue entries with their prospects and campaign names, in the entries' order. */
    private List<DeskTask> describe(List<CallerQueue.Entry> entries, Instant now) {
        Map<String, ProspectSummary> prospectsById = prospects.summaries(entries.stream().map(CallerQueue.Entry::prospectId)
                        .filter(java.util.Objects::nonNull).collect(Collectors.toSet())).stream()
                .collect(Collectors.toMap(ProspectSummary::id, Function.identity()));
        Map<String, String> campaignNames = new HashMap<>();
        campaigns.findAllById(entries.stream().map(CallerQueue.Entry::campaignId).filter(java.util.Objects::nonNull)
                        .collect(Collectors.toSet()))
                .forEach(campaign -> campaignNames.put(campaign.id(), campaign.name()));
        return entries.stream().map(entry -> new DeskTask(entry.taskId(), entry.kind(), entry.name(), entry.due(),
                entry.priority(), entry.due() != null && entry.due().isBefore(now), prospectsById.get(entry.prospectId()),
                campaignNames.get(entry.campaignId()))).toList();
    }

    private String variable(Task task, String name) {
        return (String) runtimeService.getVariable(task.getExecutionId(), name);
    }

    Campaign campaignOf(String taskId) {
        Task task = taskService.createTaskQuery().taskId(taskId).singleResult();
        return campaigns.findById(variable(task, Sequences.CAMPAIGN_ID)).orElse(null);
    }
}
