"""Interest between farms: "I am interested" on another farm's listing opens a thread of
messages between the two farms, in which they can agree a deal that the coordinator confirms."""
