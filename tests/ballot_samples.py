"""Ballot files the reader, the command and the page are tested on: the same ballots written
as a form exports a ranking question and in preference columns."""

#: A ranking question as Google Forms exports it: a column per candidate, each cell a rank.
GRID = (
    "Timestamp,Rank the candidates [Alice],Rank the candidates [Bob],Rank the candidates [Cara]\n"
    "2024/01/01 10:00:00,1st choice,2nd choice,3rd choice\n"
    "2024/01/01 10:01:00,2nd choice,1st choice,\n"
    "2024/01/01 10:02:00,,1st choice,2nd choice\n"
)
#: The same ballots in preference columns.
PREFERENCES = "rank1,rank2,rank3\nAlice,Bob,Cara\nBob,Alice,\nBob,Cara,\n"
#: The same ballots as SurveyMonkey exports a ranking question: two header rows, the first with
#: its respondent columns and each question over the first of its columns, the second with
#: each answer column's option (the candidates; "Response" under a question of one answer);
#: each cell the rank the voter gave that candidate.
SURVEY_MONKEY = (
    '"Respondent ID","Collector ID","Start Date","End Date","IP Address","Email Address",'
    '"First Name","Last Name","Custom Data 1","Rank the candidates in order of preference",,,'
    '"Which ward do you live in?"\n'
    ',,,,,,,,,"Alice","Bob","Cara","Response"\n'
    "114385001,43210,01/01/2024 10:00:00 AM,01/01/2024 10:02:00 AM,192.0.2.1,,,,,1,2,3,North\n"
    "114385002,43210,01/01/2024 10:03:00 AM,01/01/2024 10:04:00 AM,192.0.2.2,,,,,2,1,,South\n"
    "114385003,43210,01/01/2024 10:05:00 AM,01/01/2024 10:06:00 AM,192.0.2.3,,,,,,1,2,\n"
)
