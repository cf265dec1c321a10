document.getElementById('app')!.textContent = '';
