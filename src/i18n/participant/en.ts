import type { ParticipantCatalog } from './catalog.js';

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

function orList(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/** Bytes as people read them: 512 B, 1.5 KiB, 4 MiB. */
function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round((bytes / 1024) * 10) / 10} KiB`;
  return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MiB`;
}

export const participantEn: ParticipantCatalog = {
  exercise: {
    exerciseHeader: ({ position, total, title, minutes }) => `Exercise ${position} of ${total} · ${title} (about ${minutes} min)`,
    resumed: '(You had already started this one: your folder is as you left it.)',
    yourFolder: 'Your exercise folder:',
    startCodexThere: 'Start Codex there (copy this line into your terminal):',
    firstRequest: 'Then try this first request:',
    leaveCodex:
      'When Codex is done, type /quit (or press Ctrl+C twice) to leave it: you are back in your terminal, in the exercise folder, and `codex resume --last` takes you back into the same conversation. Or keep Codex open and type the workshop commands in a second terminal window.',
    afterSetup:
      'Then run `workshop next` to check your work. `workshop brief` shows this brief again, `workshop diff` shows what changed, `workshop hint` gives a hint, `workshop reset` starts over (and `workshop reset --undo` takes that back).',
    checkingHeader: ({ position, total, title, attempt }) => `Checking exercise ${position} of ${total} · ${title} (attempt ${attempt})`,
    noChange: 'Nothing in the folder has changed yet — did you run Codex inside it?',
    startCodexAndAsk: 'Start Codex there and ask for the change:',
    passed: ({ score, max }) => `Passed! Score ${score}/${max}.`,
    notPassed: ({ score, max }) => `Not passed yet: score ${score}/${max}.`,
    fixAndRetry: 'Ask Codex to fix what is marked ✗, then run `workshop next` again.',
    tip: 'Tip:',
    noCodexYet: 'No Codex session was found in this folder yet.',
    codexSessions: ({ count, changedAfter }) => `Codex sessions in this folder: ${count}${changedAfter ? ' (the files changed after Codex started).' : '.'}`,
    hintLabel: ({ number, total }) => `Hint ${number} of ${total}:`,
    afterFail: 'See exactly what changed with `workshop diff`; read the brief again with `workshop brief`; start over with `workshop reset`.',
    finished: ({ pack, done, total, minutes }) => `You finished ${pack}: ${done} of ${total} exercises in ${minutes} minutes.`,
    keepGoing: 'Well done. Keep going with your own files: open a terminal in a folder you work in, run `codex`, and ask in plain words.',
    statusHeader: ({ pack, done, total }) => `${pack} — ${done} of ${total} done`,
    workspace: 'Workspace:',
    allDone: 'All exercises are done.',
    runNextToCheck: 'Run `workshop next` to check the exercise in progress.',
    runNextToStart: 'Run `workshop next` to start the next exercise.',
    rowDetails: ({ attempts, minutes, sessions }) =>
      `${plural(attempts, 'attempt', 'attempts')}, ${minutes} min, ${sessions === 0 ? 'no Codex session yet' : `Codex: ${plural(sessions, 'session', 'sessions')}`}`,
    aboutMinutes: ({ minutes }) => `about ${minutes} min`,
    states: { done: 'done', current: 'current', pending: 'pending', started: 'started' },
    listFooter: 'To jump to an exercise, give its number: `workshop goto 3` starts the third.',
    noHints: ({ id }) => `Exercise ${id} has no hints. Ask your facilitator, or look at \`workshop diff\` to see what Codex changed.`,
    lastHint: 'That was the last hint. Ask your facilitator if you are still stuck.',
    nothingChanged: ({ folder }) => `Nothing has changed in ${folder} since the exercise was set up.`,
    changedHeader: ({ folder }) => `What changed in ${folder} since the exercise was set up:`,
    diffLegend: 'Lines starting with + were added, lines starting with - were removed. `workshop reset` undoes everything.',
    diffKinds: { added: 'added', removed: 'removed', modified: 'modified', moved: 'moved' },
    undoDone: ({ folder }) => `Your work in ${folder} is back, as it was before the reset.`,
    undoKeptToo: 'What you had done since the reset is kept too: `workshop reset --undo` again switches back to it.',
    alreadyAtStart: ({ folder }) => `${folder} is already at its starting point; nothing needed resetting.`,
    resetDone: ({ folder }) => `${folder} is back at its starting point. What was there is kept: \`workshop reset --undo\` brings it back.`,
    resetExplain: ({ folder }) => `workshop reset puts ${folder} back to its starting files. What is there now is kept, and \`workshop reset --undo\` brings it back.`,
    resetQuestion: 'Reset the exercise folder now?',
    nothingWasChanged: 'Nothing was changed.',
    lostFolderQuestion: ({ id, folder }) => `The folder of exercise ${id} (${folder}) is gone. Set it up again from the starter files?`,
    briefFooter: 'When Codex is done, run `workshop next` to check your work.',
    progressRebuilt: ({ count, workspace }) => `Progress rebuilt from ${plural(count, 'exercise folder', 'exercise folders')} in ${workspace}.`,
    progressUnreadable: ({ file, reason, keptAs }) =>
      `Your progress file ${file} could not be read (${reason}). It was kept as ${keptAs}, and your progress is rebuilt from your exercise folders.`,
    eventLogFailed: ({ reason }) => `Could not add to the local event log: ${reason}`,
    shells: { posix: 'Terminal', powershell: 'PowerShell', cmd: 'Command Prompt' },
  },
  errors: {
    'lang-invalid': ({ given, choices }) => `--lang must be ${orList(choices)}, got "${given}".`,
    // `workshop doctor` usage errors
    'doctor-unknown-check': ({ given, known }) =>
      `Unknown check ${given.map((id) => `"${id}"`).join(', ')} for --only. Known checks: ${known.join(', ')}`,
    'doctor-api-base-invalid': ({ given }) => `--api-base must be an http(s) URL such as https://api.openai.com/v1, got "${given}"`,
    'no-current-exercise': () => 'No exercise is in progress. Run `workshop next` to start the next one (or `workshop list` to see them all).',
    'unknown-exercise': ({ given, ids, count }) =>
      `There is no exercise "${given}" in this pack. Use a number from 1 to ${count} as \`workshop list\` shows them, or one of: ${ids.join(', ')}.`,
    'folder-not-exercise': ({ folder, id }) =>
      `${folder} is no longer a workshop exercise folder (its hidden .git folder is missing). Rename or move it, then run \`workshop goto ${id}\` to start this exercise again from its starter files.`,
    'folder-gone-ask': ({ folder, id }) =>
      `The folder of exercise ${id} (${folder}) is gone (deleted or moved). To set it up again from the starter files, run \`workshop next --yes\` (or \`workshop goto ${id}\`).`,
    'folder-gone': ({ folder, id }) => `The folder of exercise ${id} (${folder}) is gone or is no longer an exercise folder. Run \`workshop next\` to set it up again.`,
    'folder-kept': () => 'Nothing was changed. Run `workshop next` again when you want the folder back.',
    'reset-needs-yes': ({ folder }) =>
      `workshop reset puts ${folder} back to its starting files. What is there now is kept, and \`workshop reset --undo\` brings it back.\nTo go ahead, run \`workshop reset --yes\`.`,
    'folder-holds-other': ({ folder, other }) => `${folder} already holds another workshop exercise (${other}). Move or rename that folder, then run the command again.`,
    'folder-exists': ({ folder }) =>
      `${folder} already exists and is not a workshop exercise folder. Move or rename it (nothing in it was touched), or choose another workspace with --workspace DIR, then run the command again.`,
    'lock-busy': ({ file, pid, since }) =>
      `Another workshop command is still running${pid !== undefined ? ` (process ${pid}, started ${since})` : ''}. Wait for it to finish and try again. If none is running, delete ${file} and try again.`,
    'git-missing': () =>
      'workshop needs Git to keep your exercise folder undoable, and Git was not found. Install it (Windows: https://git-scm.com/download/win; macOS: run `xcode-select --install`; Linux: your package manager, e.g. `sudo apt install git`), open a new terminal, then run the command again.',
    'nothing-to-undo': () => 'There is nothing to undo: no `workshop reset` has thrown anything away in this exercise.',
    'history-missing': ({ folder }) => `${folder} is not a workshop exercise folder any more (its history is missing).`,
    'progress-newer': ({ file, version, supported }) =>
      `Your progress file ${file} was written by a newer version of workshop (format ${version}; this one reads ${supported}). Update workshop (npm install -g codex-workshop@latest), then run the command again.`,
    'not-joined': () => 'You have not joined a session yet: run the join command shown on the screen (workshop join http://… --code ABCD-1234).',
    'not-joined-hand': () =>
      'You have not joined a session yet: run the join command shown on the screen (workshop join http://… --code ABCD-1234). To ask for help without joining, raise your hand in the room.',
    'hub-address-invalid': ({ given }) => `"${given}" is not a hub address. Copy it from the screen, e.g. workshop join http://192.168.1.20:4545 --code ABCD-1234`,
    'hub-address-scheme': ({ given }) => `"${given}" is not a hub address: it must start with http:// or https://`,
    'hub-unreachable': ({ hubUrl, why }) =>
      `Could not reach the hub at ${hubUrl} (${why}). Check that this laptop is on the same Wi-Fi as the facilitator's and that the address matches the screen.`,
    'hub-wrong-code': ({ hubUrl, code }) => `The hub at ${hubUrl} says the session code ${code} is not right. Check the code on the screen.`,
    'hub-refused-details': ({ reason }) => `The hub refused these details: ${reason}`,
    'hub-refused': ({ hubUrl, reason }) => `The hub at ${hubUrl} refused to let you join: ${reason}`,
    'hub-join-locked': ({ hubUrl, minutes }) =>
      `The hub at ${hubUrl} has paused joining from your network for ${minutes} min: too many wrong session codes came from it. Check the code on the screen (it looks like ABCD-1234), then try again.`,
    'hub-link-broken': ({ file }) => `The hub link ${file} cannot be read. Run \`workshop join\` again to repair it.`,
    'join-invalid': ({ problems }) => `Can't join with these details: ${problems}`,
    'join-missing': ({ flags }) =>
      `Missing ${flags.join(', ')}. In a script pass every detail, e.g. workshop join URL --code ABCD-1234 --name "Aiko Tanaka" --email aiko@example.com --team Finance (or run it in a terminal to be asked).`,
    'join-cancelled': () => 'Cancelled; you have not joined.',
    'hand-both': () => 'Use either a message (to raise your hand) or --done (to lower it), not both.',
    'hand-too-long': ({ length }) => `Keep the message under 280 characters (it has ${length}); the facilitator will come and ask.`,
    'pulse-yes-and-no': () => 'Choose --yes or --no, not both.',
    'pulse-since-format': ({ since }) => `--since "${since}" is not a day: use YYYY-MM-DD.`,
    'pulse-since-future': ({ since }) => `--since ${since} is in the future.`,
    'pulse-no-session-day': () =>
      'workshop does not know when your session was (no exercise has been set up on this laptop). Run the pulse from the laptop you used in the session, or give the day: workshop pulse --since YYYY-MM-DD',
    'pulse-declined-before': () => 'You said no to counting your Codex sessions earlier, so nothing was counted. To count and share them now: workshop pulse --yes',
    'pulse-needs-consent': () =>
      'workshop pulse needs your consent first. Run `workshop pulse --yes` to count and share your Codex sessions per day (dates and counts only), or `workshop pulse --no`.',
    'share-invalid': ({ problems, frequencies, risks }) =>
      `${problems
        .map((problem) =>
          problem === 'frequency'
            ? `--frequency must be one of ${frequencies.join(', ')}`
            : problem === 'risk'
              ? `--risk must be one of ${risks.join(', ')}`
              : problem === 'minutes'
                ? '--minutes must be a whole number of minutes per week, 0 to 6000'
                : '--reusable must be yes or no',
        )
        .join('; ')}.`,
    'quest-not-joined': () =>
      'Quests need to know who you are: join a session first (`workshop join`), and quests work with the same laptop afterwards. Facilitators: set WORKSHOP_SERVER_TOKEN (or --token-file) and give --server URL.',
    'quest-no-server': ({ hubUrl }) =>
      `Quests live on the programme server, and the hub you joined (${hubUrl}) does not send to one: ask your facilitator for the programme server's address, then add --server URL (e.g. workshop quest list --server https://workshop.example.com).`,
    'quest-needs-programme': () => 'Which programme? Add --programme ID (the id `workshop serve --programme` was started with).',
    'quest-unreachable': ({ url, why }) => `Cannot reach the programme server at ${url} (${why}). Check your network (or VPN) and try again; nothing was changed.`,
    'quest-token-refused': ({ url, reason }) => `The programme server at ${url} does not know you: ${reason}.`,
    'quest-refused': ({ reason }) => `Not done: ${reason}.`,
    'quest-slow-down': ({ seconds }) => `The programme server asks you to slow down: try again in ${seconds} s.`,
    'quest-server-problem': ({ url, status, reason }) => `The programme server at ${url} had a problem (HTTP ${status}: ${reason}). Try again in a moment; if it lasts, tell your facilitator.`,
    'quest-bad-answer': ({ url }) => `The answer from ${url} is not what a codex-workshop programme server sends. Check the address (and that the kit versions match).`,
    'quest-missing': ({ flags }) => `This needs ${flags.join(' ')} (or run it in a terminal to be asked).`,
    'quest-invalid': ({ field, reason }) => `${field}: ${reason}.`,
    'quest-often-invalid': ({ given }) => `--often "${given}" is not a frequency workshop understands: use daily, weekly, monthly, or a number per day, week or month, such as 3/week or 2/month.`,
    'quest-id-invalid': ({ given }) => `"${given}" is not a quest number: use the number \`workshop quest list\` shows, such as 12.`,
    'quest-verdict': () => 'Say what your review decided: --approve (it worked on real input, the risk is acceptable) or --changes (what should change, in --note).',
    'quest-text-file': ({ file, why }) => `Cannot read ${file} (${why}).`,
    'quest-cancelled': () => 'Cancelled: nothing was sent.',
    'board-no-server': ({ hubUrl }) =>
      `The session you joined (${hubUrl}) does not send to a programme server, so there is no quest board to open. Ask your facilitator for the board's address.`,
    'board-unreachable': ({ server, why }) => `Could not reach the programme server at ${server} (${why}). Check your network (or VPN) and try again.`,
    'board-refused': ({ server, reason }) => `The programme server at ${server} did not give a board link: ${reason}`,
    'share-needs': ({ flags }) => `workshop share needs ${flags.join(' ')} (or run it in a terminal to be asked).`,
    'share-cancelled': () => 'Cancelled: nothing was shared.',
    'share-refused': ({ field, reason }) => `Cannot share this: ${field} ${reason}.`,
    'share-no-own-task': () =>
      'There is no passed "own task" exercise on this laptop waiting to be shared. Finish it with `workshop next`, name it (`workshop share --from-own-task 08-own-task`), or describe any task with `workshop share`.',
    'share-own-task-missing': ({ missing, file }) =>
      `Could not share your own task: ${missing.join(', ')} missing in ${file}. Fill ${missing.length === 1 ? 'it' : 'them'} in, then run this again.`,
    // ---- skills install/update/remove (issue 15) ----
    'skills-never-fetched': ({ server, why }) => `Could not reach the programme server at ${server} (${why}), and no skills marketplace was fetched on this laptop before. Try again when you are online.`,
    'skills-server-refused': ({ server, reason }) => `The programme server at ${server} refused: ${reason}.`,
    'skills-codex-missing': () => 'Codex is not installed (no `codex` on your PATH). Install it first: run `workshop doctor` and follow its advice.',
    'skills-codex-failed': ({ command, why }) => `\`${command}\` failed: ${why}. Run \`workshop doctor\` to check Codex, then try again.`,
    'skill-name-invalid': ({ given }) => `"${given}" is not a skill name: use lowercase letters, digits and single hyphens, as \`workshop skills\` lists them.`,
    'skill-not-approved': ({ name, standing }) =>
      standing === 'pending'
        ? `The skill ${name} is waiting for a facilitator's review, so it cannot be installed yet.`
        : standing === 'rejected'
          ? `The skill ${name} was not approved by the facilitators, so it cannot be installed.`
          : `There is no approved skill named ${name}: check the name with \`workshop skills\`.`,
    'skill-not-in-last-fetch': ({ name, fetchedAt }) => `The skill ${name} is not in the marketplace fetched on ${fetchedAt}; try again when the programme server can be reached.`,
    'skill-not-installed': ({ name }) => `The company skill ${name} is not installed, so there is nothing to remove.`,
    unexpected: ({ message }) => `workshop hit an unexpected problem: ${message}\nRun it again with WORKSHOP_DEBUG=1 for details, and show this to your facilitator.`,
    // ---- skills: publish, list, show, review (issue 15; src/skills/) ----
    'skills-folder-missing': ({ folder }) => `There is no folder ${folder}. Give the skill's folder (the one holding SKILL.md), e.g. workshop skills publish ./expense-summary`,
    'skills-not-folder': ({ folder }) => `${folder} is a file, not a folder. Give the skill's folder (the one holding SKILL.md).`,
    'skills-not-joined': () =>
      'Skills live on the programme server, and this laptop has not joined a session yet: run the join command shown on the screen (workshop join http://… --code ABCD-1234), or give --server URL with a facilitator token.',
    'skills-no-server': ({ hubUrl }) =>
      `The hub you joined (${hubUrl}) does not send to a programme server, and skills live there. Ask your facilitator for the server's address and run the command again with --server URL.`,
    'skills-needs-server': () => 'With a facilitator token, give the programme server too: --server https://… (or join a session that uses it).',
    'skills-needs-programme': () => 'Which programme? Give --programme ID (the programme server shows it).',
    'skills-token-file': ({ file, why }) => `The token file ${file} cannot be read (${why}).`,
    'skills-invalid': ({ field, reason }) => `${field} must be ${reason}.`,
    'skills-unreachable': ({ url, why }) => `Could not reach the programme server at ${url} (${why}). Check the address and your network, then try again.`,
    'skills-token-refused': ({ url, reason }) => `The programme server at ${url} did not accept your token: ${reason}`,
    'skills-slow-down': ({ seconds }) => `The programme server asks you to slow down: try again in ${seconds} s.`,
    'skills-server-problem': ({ url, status, reason }) => `The programme server at ${url} had a problem (${status}: ${reason}). Try again later; nothing was changed on this laptop.`,
    'skills-bad-answer': ({ url }) => `The programme server at ${url} gave an answer this version of workshop does not understand. Update workshop (npm install -g codex-workshop@latest) and try again.`,
    'skills-refused': ({ reason }) => `The programme server refused: ${reason}`,
    'skills-unknown': ({ name }) => `There is no skill "${name}" you can see. \`workshop skills\` lists them.`,
    'skills-review-verdict': () => 'Give exactly one of --approve or --reject, and say why with --note "…".',
    'skills-review-needs-token': () => 'Reviewing a skill needs a facilitator token: set WORKSHOP_SERVER_TOKEN or give --token-file FILE (and --server URL).',
    'skills-no-pending': ({ name }) => `${name} has no version waiting for review. \`workshop skills show ${name}\` lists its versions; give --version N to name one.`,
    'skills-no-version': ({ name, version }) => `${name} has no version ${version}. \`workshop skills show ${name}\` lists its versions.`,
  },
  hub: {
    joined: ({ again, title, name, team }) => `${again ? 'Joined again' : 'Joined'} “${title}” as ${name} (${team}).`,
    whatTravels: 'Shared with the facilitator: doctor check results, exercise progress, hints, resets and raised hands. Never your API key, your files or your prompts.',
    next: ({ doctor, help }) => `Next: ${doctor} to check your setup. Need help? ${help}`,
    helpExample: 'workshop help "what is wrong"',
    askCode: 'Session code (on the screen, like ABCD-1234)',
    askName: 'Your name',
    askEmail: 'Your work email',
    askTeam: 'Your team (e.g. Sales, Finance)',
    notValid: 'not valid',
    nothingToSend: 'Nothing to send: the hub has all your results.',
    sent: ({ count }) => `Sent ${plural(count, 'result', 'results')} to the hub; nothing left to send.`,
    sentEarlier: ({ count }) => `Sent ${plural(count, 'earlier result', 'earlier results')} to the hub.`,
    later: ({ hubUrl, why, pending }) =>
      `Could not reach the hub at ${hubUrl} (${why}); ${plural(pending, 'result is', 'results are')} saved on this laptop and will be sent with your next command or \`workshop sync\`.`,
    unknownParticipant: ({ hubUrl, reason, pending }) =>
      `The hub at ${hubUrl} no longer knows this laptop (${reason}). Run the join command on the screen again; your ${plural(pending, 'result is', 'results are')} kept and will be sent then.`,
    overLimit: ({ hubUrl, pending }) =>
      `The hub at ${hubUrl} takes no more results from you in this session: each person's share of a session is limited. ${plural(pending, 'result stays', 'results stay')} on this laptop; tell your facilitator.`,
    handLowered: 'Hand lowered.',
    handLoweredHere: 'Hand lowered on this laptop.',
    handUp: ({ message }) => `Your hand is up on the facilitator's dashboard${message ? `: “${message}”` : ''}. Someone will come to you.`,
    whenSorted: 'When you are sorted: workshop help --done',
    handNotDelivered: ({ hubUrl }) => `Your hand is raised on this laptop, but the hub at ${hubUrl} did not get it yet: raise your hand in the room too.`,
    helpForCommand: ({ command }) => `To ask the facilitator for help instead, write a sentence: workshop help "${command} says …"`,
  },
  pulse: {
    consentQuestion: ({ since }) =>
      `May workshop count how many Codex sessions you started each day since your session on ${since}, and send those counts to your facilitator? ` +
      'Only dates and numbers are sent (and, if you installed company skills, which of them were used, by name) — never what you asked Codex, your files or your folders. ' +
      'With your yes, workshop also refreshes the counts at most once a week when you use it, for five weeks after the session.',
    declined: 'OK: workshop will not count your Codex sessions. If you change your mind: workshop pulse --yes',
    nothingCounted: 'OK: nothing was counted. If you change your mind: workshop pulse --yes',
    refreshed: ({ total, since }) => `workshop pulse: counted ${plural(total, 'Codex session', 'Codex sessions')} since ${since} for your facilitator (stop with: workshop pulse --no)`,
    summary: ({ since, total, days }) => `Since ${since}: ${plural(total, 'Codex session', 'Codex sessions')} on ${plural(days, 'day', 'days')}.`,
    week: ({ from, to, sessions, days }) => `${from} to ${to}: ${plural(sessions, 'session', 'sessions')} on ${plural(days, 'day', 'days')}`,
    onlyCounts: 'Only these dates and counts are reported to your facilitator (with the next sync). Stop any time: workshop pulse --no',
    offer: 'It has been a week or more since your Codex workshop. Your facilitator would like to know whether Codex is still useful to you.',
    // ---- company skills (issue 15) ----
    skillUsesSent: ({ uses }) => `Company skills: ${plural(uses, 'use', 'uses')} sent to the programme server (skill names and counts only).`,
    skillUsesNotSent: ({ uses, why }) => `Company skills: ${plural(uses, 'use', 'uses')} counted, not sent yet (${why}); the next pulse sends them.`,
  },
  share: {
    askWhat: 'What task do you now do with Codex? (one sentence others would understand)',
    askWhatTooShort: 'A few words, please',
    askTeam: 'Which team is it for?',
    askFrequency: 'How often do you do it?',
    frequencies: { daily: 'daily', weekly: 'weekly', monthly: 'monthly', occasionally: 'occasionally' },
    askMinutes: 'About how many minutes does Codex save you per week?',
    askMinutesInvalid: 'A whole number, e.g. 30',
    askRisk: 'If Codex got it wrong and nobody noticed, how bad would it be?',
    risks: { low: 'low — easy to spot and fix', medium: 'medium — needs a careful review', high: 'high — customer, money or legal impact' },
    askReusable: 'Could others reuse this way of working?',
    thanks: ({ what }) => `Thank you! "${what}" will reach your facilitator's use-case catalogue with the next sync.`,
    sharedOwnTask: ({ file, what }) => `Shared the answers of ${file} (not your files) as a use case: "${what}".`,
    autoShared: ({ what, file }) =>
      `Your own task ("${what}") is shared with your facilitator as a use case: only the answers in ${file}, not your files. Add more with \`workshop share\`.`,
  },
  quest: {
    states: { open: 'open', claimed: 'claimed', submitted: 'waiting for review', done: 'done' },
    risks: { low: 'low risk', medium: 'medium risk', high: 'high risk' },
    sensitivities: { none: 'no sensitive data', internal: 'internal data', confidential: 'confidential data', personal: 'personal data' },
    kinds: { prompt: 'a prompt', skill: 'a skill', script: 'a script', howto: 'a how-to' },
    actions: { post: 'posted', claim: 'claimed', release: 'gave it back', submit: 'submitted', review: 'reviewed', reuse: 'uses it too', stale: 'back to open (no activity)' },
    often: ({ times, per }) => (times === 1 ? { day: 'daily', week: 'weekly', month: 'monthly' }[per] : `${times} times a ${per}`),
    minutes: ({ minutes }) => `${minutes} min`,
    row: ({ often, minutes, risk, claimers, reuses }) => `${often}, ${minutes} each · ${risk}${claimers ? ` · ${claimers}` : ''}${reuses > 0 ? ` · ${plural(reuses, 'person uses', 'people use')} it too` : ''}`,
    noneFound: 'No quests match.',
    listFooter: 'Details: workshop quest show ID · pick one up: workshop quest claim ID',
    listLimited: ({ shown, total }) => `The newest ${shown} of ${total} quests; for more: --limit all, or --state / --team / --mine.`,
    postedBy: ({ name, team, at }) => `Posted by ${name}${team ? ` (${team})` : ''} on ${at}`,
    claimedBy: ({ names }) => `Claimed by ${names}`,
    today: 'How it is done today:',
    teams: ({ teams }) => `Would also help: ${teams}`,
    submission: ({ kind, name, minutes }) => `Submitted by ${name}: ${kind}; the task now takes ${minutes}`,
    review: ({ verdict, name, role }) => `${verdict === 'approve' ? 'Approved' : 'Changes asked'} by ${name} (${role})`,
    hours: ({ formula }) => `Hours saved: ${formula}`,
    reusers: ({ names }) => `Also used by: ${names}`,
    history: 'History:',
    needsFacilitator: 'High risk or sensitive data: a facilitator or the programme owner reviews it.',
    posted: ({ id, title }) => `Posted quest #${id} “${title}”. Anyone can pick it up: workshop quest claim ${id}`,
    postedDone: ({ id, title }) => `Posted quest #${id} “${title}” as already done by you: a second person reviews it next (workshop quest review ${id}).`,
    claimed: ({ id, pair }) => `You${pair ? ' and your partner' : ''} claimed quest #${id}. When it works: workshop quest submit ${id}`,
    released: ({ id }) => `Quest #${id} is open again for anyone.`,
    submitted: ({ id }) => `Submitted quest #${id}: a second person reviews it next (workshop quest review ${id}).`,
    approved: ({ id }) => `Approved: quest #${id} is a reviewed win.`,
    changesAsked: ({ id }) => `Changes asked: quest #${id} is back with the people who claimed it.`,
    reused: ({ id }) => `Noted: you use quest #${id} too. It counts in its hours saved.`,
    askTitle: 'What is the task? (a short title)',
    askToday: 'How do you do it today? (a few sentences)',
    askTeam: 'Which team does it?',
    askOften: 'How often do you do it? (daily, weekly, 3/week, 2/month…)',
    askOftenInvalid: 'Like daily, weekly, monthly, 3/week or 2/month',
    askMinutes: 'How many minutes each time?',
    askMinutesInvalid: 'A number of minutes, e.g. 30',
    askRisk: 'If the automation got it wrong and nobody noticed, how bad would it be?',
    askSensitivity: 'What data does the task touch?',
    askBenefit: 'Which other teams would it help? (comma-separated, or leave empty)',
    askKind: 'What did you build?',
    askText: 'Paste the prompt, or write the steps others can follow',
    askMinutesAfter: 'How many minutes does the task take now, each time?',
    askNote: 'What did you try it on (or what should change)?',
    tooShort: 'A few words, please',
    offerQuestion: 'Post this task as a quest on the programme server, so colleagues can find it (and reuse your way of doing it)?',
    offerCommand: ({ command }) => `To post this task as a quest on the programme server: ${command}`,
    offerPosted: ({ id, done }) => `Posted as quest #${id}${done ? ': a second person reviews it next' : ''}. See it with: workshop quest show ${id}`,
    offerFailed: ({ why, command }) => `Not posted as a quest (${why}); nothing else is affected. Try later: ${command}`,
    offerNeeds: ({ flags }) => `Not posted as a quest: it also needs ${flags.join(' ')}.`,
  },
  catchUp: {
    welcomeBack: ({ sessions }) => `Welcome back${sessions.length > 0 ? ` (you came on ${sessions.join(', ')})` : ''}!`,
    found: 'Your earlier progress was found.',
    merged: ({ count }) => `${plural(count, 'exercise', 'exercises')} you passed before ${count === 1 ? 'is' : 'are'} marked done on this laptop.`,
    upToDate: 'Your progress on this laptop is already up to date.',
    continueWith: ({ id }) => `\`workshop next\` continues with ${id}.`,
    allPassed: 'You have passed every exercise: use `workshop share` to tell us about a task you now do with Codex.',
  },
  cli: {
    join: (sentences) => sentences.join(' '),
  },
  // ---- skills: publish, list, show, review (issue 15; src/skills/) ----
  skills: {
    problems: {
      'skill-md-missing': () => 'There is no SKILL.md at the top of the folder (the name is case-sensitive): a skill is a folder holding a SKILL.md.',
      'skill-md-binary': () => 'SKILL.md is not text: save it as plain text (UTF-8).',
      'front-matter-missing': () => 'SKILL.md must start with front matter: a line ---, then name: and description:, then a line ---.',
      'front-matter-invalid': ({ problem }) =>
        problem === 'unclosed'
          ? 'The front matter is not closed: add a line --- after the description.'
          : problem === 'not-mapping'
            ? 'The front matter must be fields, like name: … and description: ….'
            : 'The front matter is not valid YAML here: check the colons, quotes and indentation.',
      'name-missing': () => "The front matter has no name: add name: followed by the folder's name.",
      'name-invalid': ({ name }) => `"${name}" is not a skill name: use 1 to 64 lowercase letters, digits and single hyphens, not at the start or the end (e.g. expense-summary).`,
      'name-not-folder': ({ name, folder }) => `The name "${name}" must be the folder's name ("${folder}"): rename one of them.`,
      'description-missing': () => 'The front matter has no description: add description: saying what the skill does and when to use it.',
      'description-too-long': ({ chars, max }) => `The description has ${chars} characters; at most ${max}.`,
      'compatibility-too-long': ({ chars, max }) => `compatibility has ${chars} characters; at most ${max}.`,
      'too-many-files': ({ count, max }) => `The folder holds ${count} files; a skill holds at most ${max}.`,
      'file-too-big': ({ bytes, max }) => `This file is ${sizeText(Number(bytes))}; one file may be at most ${sizeText(Number(max))}.`,
      'total-too-big': ({ bytes, max }) => `The files add up to ${sizeText(Number(bytes))}; a skill may be at most ${sizeText(Number(max))}.`,
      'path-invalid': () => 'This file name cannot be sent (it must be a plain path inside the folder, used once): rename it.',
      'symlink-outside': () => 'This is a link to something outside the skill folder, which is never sent: put a copy of the file in the folder instead.',
      'special-file': () => 'This is not a file that can be sent (a link to a folder, a link to nothing, a socket): remove it or put a real file there.',
      'link-outside': () => 'A link here points outside the skill folder (../, an absolute path or file:): link to a file inside the folder, or to a web address.',
      'git-folder': () => 'The folder holds a .git folder, which is never sent: publish a copy of the skill folder without it.',
      secret: ({ kind }) => `${participantEn.skills.secretKinds[kind as 'openai-key'] ?? String(kind)} here: remove it (if it is real, revoke it) and have the skill read it from the environment instead.`,
    },
    secretKinds: {
      'openai-key': 'An OpenAI API key',
      'openai-admin-key': 'An OpenAI admin key',
      'workshop-token': 'A workshop token',
      'aws-access-key': 'An AWS access key',
      'aws-secret-key': 'An AWS secret key',
      'github-token': 'A GitHub token',
      'slack-token': 'A Slack token',
      'google-api-key': 'A Google API key',
      'private-key': 'A private key',
    },
    where: ({ file, line }) => (line ? `${file}, line ${line}:` : `${file}:`),
    refused: ({ folder, count }) => `Cannot publish ${folder}: ${plural(count, 'problem', 'problems')}.`,
    refusedByServer: ({ count }) => `The programme server refused the skill: ${plural(count, 'problem', 'problems')}.`,
    nothingSent: 'Nothing was sent. Fix these, then run the command again.',
    published: ({ name, version }) => `Published ${name} version ${version}.`,
    pendingReview: 'It is pending review: a facilitator reads it and approves it before anyone can install it.',
    scriptsFlagged: ({ scripts }) => `Files that run code, which the reviewer will read first: ${scripts.join(', ')}`,
    noScripts: 'No file in it runs code.',
    states: { pending: 'pending review', approved: 'approved', rejected: 'rejected' },
    noSkills: 'No skills yet.',
    noMatch: 'No skill matches.',
    listRow: ({ version, team, author, installs }) => `${version ? `v${version} · ` : ''}${team || 'no team'} · by ${author} · ${plural(installs, 'install', 'installs')}`,
    installWith: ({ name }) => `Install it with: workshop skills install ${name}`,
    showAuthor: ({ author, team }) => `By ${author}${team ? ` (${team})` : ''}`,
    showQuest: ({ id }) => `From quest #${id}`,
    showInstalls: ({ people, uses }) => `Installed by ${plural(people, 'person', 'people')}; used ${plural(uses, 'time', 'times')} (as reported)`,
    versionRow: ({ version, state, at, by, files, bytes }) => `v${version}  ${state}  ${at}  by ${by}  ${plural(files, 'file', 'files')}, ${bytes}`,
    reviewNote: ({ verdict, by, note }) => `${verdict === 'approve' ? 'Approved' : 'Rejected'} by ${by}: ${note}`,
    approved: ({ name, version }) => `Approved ${name} version ${version}: it is in the marketplace now.`,
    rejected: ({ name, version }) => `Rejected ${name} version ${version}: it stays out of the marketplace.`,
    filesLabel: 'Files:',
    fileRow: ({ path, bytes, executable }) => `${path}  ${bytes}${executable ? '  executable' : ''}`,
    sha256: ({ sha256 }) => `SHA-256: ${sha256}`,
    allNeedsFacilitator: 'Only facilitators see pending and rejected skills: showing the approved ones.',
  },
  // ---- skills install/update/remove (issue 15) ----
  skillInstall: {
    offline: ({ why, fetchedAt }) => `Offline: the programme server could not be reached (${why}), so this uses the marketplace fetched on ${fetchedAt}.`,
    registered: ({ marketplace }) => `Added the company marketplace ${marketplace} to Codex (only needed once).`,
    installed: ({ name, version }) => `Installed ${name} (version ${version}).`,
    upgraded: ({ name, from, to }) => `Updated ${name} from version ${from} to ${to}.`,
    reinstalled: ({ name, version }) => `${name} (version ${version}) was already installed; it is installed again as it is.`,
    howToUse: ({ name }) => `Codex uses it in new sessions when it fits; to ask for it by name, type $${name}:${name} in Codex.`,
    updated: ({ name, from, to }) => `${name}: version ${from} → ${to}`,
    upToDate: ({ count }) => (count === 0 ? 'No company skill is installed here: install one with `workshop skills install NAME`.' : `All ${count === 1 ? 'your company skill is' : `${count} company skills are`} up to date.`),
    nothingInstalled: 'No company skill is installed here: install one with `workshop skills install NAME`.',
    notInMarketplace: ({ names }) => `No longer in the marketplace (left as installed; remove with \`workshop skills remove NAME\`): ${names.join(', ')}`,
    removed: ({ name }) => `Removed ${name} from Codex.`,
  },
  questBoard: {
    link: ({ url, minutes }) => `Your quest board (this link works once, for the next ${minutes} minutes; it does not contain your token):\n  ${url}`,
    opening: 'Opening it in your browser…',
    openFailed: 'Could not open a browser here: copy the link into one.',
  },
};
