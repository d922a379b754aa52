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
