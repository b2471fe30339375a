// Preload: will expose the one typed bridge object (see the device issue).
// Until then it exposes nothing: no raw ipcRenderer ever reaches the page.
export {};
